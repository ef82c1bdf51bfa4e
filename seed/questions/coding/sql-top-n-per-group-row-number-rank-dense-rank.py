"""Top-N per group in pandas: rank(method=...) mirrors ROW_NUMBER / RANK / DENSE_RANK."""
import pandas as pd

videos = pd.DataFrame(
    {
        "video_id": [101, 102, 103, 104, 201, 202, 203, 204, 205, 301, 302, 303, 401],
        "category": ["music"] * 4 + ["gaming"] * 5 + ["education"] * 3 + ["news"],
        "views_7d": [98000, 45000, 45000, 12000, 150000, 87000, 87000, 87000, 3000,
                     22000, 22000, 9000, 51000],
    }
)

# Sort first so method="first" (ROW_NUMBER) breaks ties by video_id, deterministically.
v = videos.sort_values(["category", "views_7d", "video_id"], ascending=[True, False, True])
g = v.groupby("category")["views_7d"]
v["row_num"] = g.rank(method="first", ascending=False).astype(int)
v["rnk"] = g.rank(method="min", ascending=False).astype(int)
v["dense_rnk"] = g.rank(method="dense", ascending=False).astype(int)

gaming = v[v.category == "gaming"]
assert gaming.row_num.tolist() == [1, 2, 3, 4, 5]
assert gaming.rnk.tolist() == [1, 2, 2, 2, 5]        # gap after the three-way tie
assert gaming.dense_rnk.tolist() == [1, 2, 2, 2, 3]  # no gap

top2 = v[v.row_num <= 2]
assert top2.groupby("category").size().max() == 2     # exactly N (or fewer) per group
assert len(v[v.rnk <= 2]) == 10                       # "with ties" returns more rows

# The idiom many people reach for first: sort, then groupby().head(N) == ROW_NUMBER <= N.
head2 = v.groupby("category").head(2)
assert sorted(head2.video_id) == sorted(top2.video_id)

# nlargest(keep="all") is the pandas spelling of RANK-with-ties for a single group.
assert videos[videos.category == "gaming"].nlargest(2, "views_7d", keep="all").shape[0] == 4
print(v.to_string(index=False))
