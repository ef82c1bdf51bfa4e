"""Simpson's paradox with pandas: segment-level vs pooled conversion, and a standardized comparison."""
import numpy as np
import pandas as pd

df = pd.DataFrame(
    {
        "flow": ["old", "old", "new", "new"],
        "device": ["desktop", "mobile", "desktop", "mobile"],
        "sessions": [9000, 1000, 1000, 9000],
        "orders": [2700, 100, 330, 990],
    }
)

by_segment = df.assign(rate=df.orders / df.sessions).pivot(index="device", columns="flow", values="rate")
pooled = df.groupby("flow")[["orders", "sessions"]].sum()
pooled_rate = pooled.orders / pooled.sessions
print(by_segment, "\n", pooled_rate, sep="")

# the new flow wins within every device ...
assert (by_segment["new"] > by_segment["old"]).all()
# ... and loses pooled, because it got mostly mobile traffic
assert pooled_rate["new"] < pooled_rate["old"]
assert np.isclose(pooled_rate["old"], 0.28) and np.isclose(pooled_rate["new"], 0.132)

# pooled rate = sum over devices of (device share within the flow) x (device rate): a weighted average
mix = df.pivot(index="device", columns="flow", values="sessions")
mix = mix / mix.sum()
for flow in ("old", "new"):
    assert np.isclose((mix[flow] * by_segment[flow]).sum(), pooled_rate[flow])

# direct standardization: apply both flows' rates to the same device mix (the overall traffic)
common_mix = df.groupby("device").sessions.sum() / df.sessions.sum()
standardized = (by_segment.mul(common_mix, axis=0)).sum()
print("standardized to a common mix:\n", standardized, sep="")
assert np.isclose(standardized["old"], 0.20) and np.isclose(standardized["new"], 0.22)
assert standardized["new"] > standardized["old"]
