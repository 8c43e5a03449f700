from wagtail import hooks

from parentschool.pagecache import mark_page_cacheable

hooks.register("before_serve_page", mark_page_cacheable)
