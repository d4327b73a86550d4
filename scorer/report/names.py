"""Display names for the codes scoring records (direction, completion band, status, weight source).

Scoring records codes ("positive", "achieved", "inflated"); reports, messages and traces name them
through these tables.  A leaf module with no imports: scoring words its traces with it, and the
report package imports its formatters lazily, so that import pulls nothing else in.
"""

from __future__ import annotations

DIRECTION_NAMES = {
    "positive": "正向", "negative": "反向", "exact": "等于", "qualitative": "定性", "deadline": "时限",
}
COMPLETION_NAMES = {"achieved": "达成预期", "partial": "部分达成", "missed": "未达成"}
STATUS_NAMES = {
    "ok": "一致", "inflated": "高估", "deflated": "低估", "out_of_band": "超出档位",
    "unverifiable": "无法核验", "computed": "未自评", "in_band": "档内",
}
WEIGHT_SOURCE_NAMES = {"printed": "表列", "deduced": "推定", "spread": "均分"}
