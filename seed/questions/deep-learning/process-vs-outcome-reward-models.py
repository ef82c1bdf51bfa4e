"""Outcome vs process reward models on simulated step-by-step maths solutions:
(1) Monte Carlo step labels (Math-Shepherd style) estimate VALUE, not step validity;
(2) best-of-n with an outcome scorer picks right answers reached by wrong reasoning,
    a process scorer (min over steps) mostly does not."""
import numpy as np

rng = np.random.default_rng(0)
S, Q_VALID, GUESS = 6, 0.85, 0.25    # 6 steps, each valid w.p. 0.85; a broken solution still
                                      # lands on the right answer w.p. 0.25 (guessable answers)


def final_correct(all_valid, rng):
    return np.where(all_valid, True, rng.random(all_valid.shape) < GUESS)


# ---- 1) Monte Carlo step labels ------------------------------------------------------
def value_after(k_valid_steps):
    """P(final answer correct | first k steps valid), completer = the same generator."""
    p_rest_valid = Q_VALID ** (S - k_valid_steps)
    return p_rest_valid + (1 - p_rest_valid) * GUESS


N_ROLL = 8
est = []
for k in range(1, S + 1):                              # prefix whose first k steps are valid
    rest_valid = (rng.random((20000, S - k)) < Q_VALID).all(1)
    est.append(final_correct(rest_valid, rng).mean())
est = np.array(est)
exact = np.array([value_after(k) for k in range(1, S + 1)])
print("soft MC label after k valid steps:", est.round(3), " exact:", exact.round(3))
assert np.allclose(est, exact, atol=0.01)
# a VALID first step gets a soft label of only ~0.58: the label is the completer's success rate
assert exact[0] < 0.6
# an INVALID step: any rollout can still hit the answer by luck. Hard label "any of N rollouts
# correct" marks an invalid step as good with probability 1 - (1 - GUESS)^N
fp_hard = 1 - (1 - GUESS) ** N_ROLL
sim = (rng.random((20000, N_ROLL)) < GUESS).any(1).mean()
print(f"hard-MC label calls an invalid step good: {sim:.3f} (closed form {fp_hard:.3f})")
assert abs(sim - fp_hard) < 0.01 and fp_hard > 0.85

# ---- 2) best-of-n selection with ORM vs PRM -------------------------------------------
P, n, noise = 4000, 16, 0.5
valid = rng.random((P, n, S)) < Q_VALID
valid = np.cumprod(valid, axis=2).astype(bool)           # once a step breaks, later steps are broken too
all_valid = valid[:, :, -1]
correct = final_correct(all_valid, rng)

orm = correct + rng.normal(0, noise, (P, n))             # learned outcome scorer: sees the answer
prm_steps = valid + rng.normal(0, noise, (P, n, S))      # learned step scorer
prm = prm_steps.min(axis=2)                              # a chain is as good as its worst step

rows = np.arange(P)
for name, score in [("ORM", orm), ("PRM(min)", prm)]:
    pick = score.argmax(1)
    acc = correct[rows, pick].mean()
    sound = all_valid[rows, pick].mean()
    lucky = (correct & ~all_valid)[rows, pick].mean()
    print(f"{name:9s} best-of-{n}: answer accuracy {acc:.3f}, fully valid reasoning {sound:.3f}, "
          f"right-for-wrong-reasons {lucky:.3f}")
    if name == "ORM":
        orm_acc, orm_sound, orm_lucky = acc, sound, lucky
    else:
        prm_acc, prm_sound, prm_lucky = acc, sound, lucky

p_sound = Q_VALID ** S
print(f"one sample: P(valid chain)={p_sound:.3f}, P(right answer)={p_sound + (1 - p_sound) * GUESS:.3f}")
assert prm_sound > orm_sound + 0.05       # process supervision selects sound reasoning
assert orm_lucky > 2 * prm_lucky          # outcome supervision rewards lucky guesses
assert prm_acc > p_sound + (1 - p_sound) * GUESS   # both beat a single sample
