"""Index settings for a search cluster (imported by settings; no Django here).

Why smartcn rather than indexing jieba-cut text behind a whitespace analyzer: the engine
then keeps the original text, so its highlighter returns clean fragments (no spaces between
words) and modelsearch's own queries (the admin's search) understand Chinese too. Query and
index go through the same analyzer, so 家庭教育 → 家庭 教育 matches inside any sentence.
Domain words the plugin splits (留守儿童 → 留守 儿童) still match, as all words are required.
"""

ENGINE_INDEX_SETTINGS = {
    "settings": {
        "analysis": {"analyzer": {"default": {"type": "smartcn"}}},
        "index": {"number_of_shards": 1, "number_of_replicas": 0},
    }
}
