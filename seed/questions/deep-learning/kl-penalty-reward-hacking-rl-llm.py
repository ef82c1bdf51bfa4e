"""The KL penalty in LLM RL, checked exactly on a categorical 'policy' with torch autograd:
(1) the k1, k2, k3 per-sample KL estimators: bias, variance, sign;
(2) what gradient each gives when dropped naively into the loss;
(3) why KL-in-the-reward (REINFORCE on -beta*log ratio) is the unbiased choice;
(4) a hack action that the KL penalty does not stop once the proxy gain is large enough."""
import torch

torch.manual_seed(0)
V = 8
ref_logits = torch.randn(V)
theta = (ref_logits + 0.3 * torch.randn(V)).requires_grad_(True)   # a policy near the reference
pi_ref = torch.softmax(ref_logits, 0)


def pi():
    return torch.softmax(theta, 0)


# ---- 1) estimators of KL(pi || pi_ref) from samples x ~ pi ---------------------------------
p = pi()
log_r = torch.log(pi_ref) - torch.log(p)            # log(pi_ref / pi) at each outcome
k1 = -log_r
k2 = 0.5 * log_r ** 2
k3 = torch.exp(log_r) - 1 - log_r
kl = torch.sum(p * (torch.log(p) - torch.log(pi_ref)))


def mean_var(k):
    m = torch.sum(p * k)
    return m.item(), torch.sum(p * (k - m) ** 2).item()


(m1, v1), (m2, v2), (m3, v3) = mean_var(k1), mean_var(k2), mean_var(k3)
print(f"true KL {kl.item():.5f} | k1 mean {m1:.5f} var {v1:.5f} | k2 mean {m2:.5f} var {v2:.6f} "
      f"| k3 mean {m3:.5f} var {v3:.6f}")
assert abs(m1 - kl.item()) < 1e-6 and abs(m3 - kl.item()) < 1e-6   # k1, k3 unbiased
assert abs(m2 - kl.item()) > 1e-5                                   # k2 biased (tiny when pi ~ pi_ref)
assert v3 < v1 and v2 < v1                                          # k1 has the largest variance
assert (k1 < 0).any() and (k3 >= 0).all()                           # single k1 samples can be negative


# ---- 2) expected gradient if the estimator is put in the LOSS and autodiffed on samples -----
def naive_grad(which):
    theta.grad = None
    p_now = pi()
    lr = torch.log(pi_ref) - torch.log(p_now)
    k = {"k1": -lr, "k2": 0.5 * lr ** 2, "k3": torch.exp(lr) - 1 - lr}[which]
    torch.sum(p_now.detach() * k).backward()        # sampling distribution is not differentiated
    return theta.grad.clone()


def grad_of(f):
    theta.grad = None
    f(pi()).backward()
    return theta.grad.clone()


g_reverse = grad_of(lambda q: torch.sum(q * (torch.log(q) - torch.log(pi_ref))))    # KL(pi || ref)
g_forward = grad_of(lambda q: torch.sum(pi_ref * (torch.log(pi_ref) - torch.log(q))))  # KL(ref || pi)
assert torch.allclose(naive_grad("k1"), torch.zeros(V), atol=1e-6)   # E[grad log pi] = 0: no regularisation
assert torch.allclose(naive_grad("k2"), g_reverse, atol=1e-6)        # k2 in the loss = grad of reverse KL
assert torch.allclose(naive_grad("k3"), g_forward, atol=1e-6)        # k3 in the loss = grad of FORWARD KL
print("naive loss gradients: k1 -> 0, k2 -> grad KL(pi||ref), k3 -> grad KL(ref||pi)")

# ---- 3) KL in the reward: score-function gradient of E[-beta * log(pi/ref)] ------------------
theta.grad = None
p_now = pi()
reward = -(torch.log(p_now) - torch.log(pi_ref)).detach()     # per-sample KL reward, beta = 1
torch.sum(p_now.detach() * reward * torch.log(p_now)).backward()   # REINFORCE: E[R * grad log pi]
assert torch.allclose(theta.grad, -g_reverse, atol=1e-6)      # exactly minus grad of reverse KL

# ---- 4) what the KL penalty does (and doesn't) stop ----------------------------------------
# Optimum of E[r] - beta KL is pi* ∝ pi_ref exp(r / beta). Action 0 is a 'hack': rare under the
# reference, big proxy reward, zero gold reward.
with torch.no_grad():
    ref = pi_ref.clone()
    ref[0] = 1e-4
    ref /= ref.sum()
    gold = torch.linspace(0, 1, V)
    gold[0] = 0.0
    proxy = gold.clone()
    proxy[0] = 3.0                                          # the reward model's blind spot
    print(" beta   KL    P(hack)  gold")
    results = {}
    for beta in [1.0, 0.5, 0.3, 0.2]:
        ps = ref * torch.exp(proxy / beta)
        ps /= ps.sum()
        klb = torch.sum(ps * torch.log(ps / ref)).item()
        results[beta] = (ps[0].item(), (ps * gold).sum().item(), klb)
        print(f" {beta:4.1f}  {klb:5.2f}  {ps[0].item():.3f}   {(ps * gold).sum().item():.3f}")
    assert results[1.0][0] < 0.01 and results[0.2][0] > 0.85     # the hack switches on as beta falls
    assert results[0.5][1] > results[1.0][1] > results[0.2][1]   # gold rises, then collapses
    # a 1-in-10,000 action takes over once ref(hack) * exp(3 / beta) outweighs the rest of Z:
    # the KL penalty prices distance from the reference, it does not know which direction is a hack
