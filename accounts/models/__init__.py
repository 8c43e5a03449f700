from .consent import ConsentRecord, ConsentVersion
from .credentials import InviteCode, ResetCode
from .preferences import DisplayPreference
from .survey import SatisfactionResponse

__all__ = [
    "ConsentRecord",
    "ConsentVersion",
    "DisplayPreference",
    "InviteCode",
    "ResetCode",
    "SatisfactionResponse",
]
