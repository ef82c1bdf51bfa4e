"""A ChatML-style chat template with a toy tokenizer: render a multi-turn conversation,
build the loss mask (assistant turns and their end-of-turn token only), and catch the classic
bugs: unsupervised end token, doubled BOS, missing generation prompt, whitespace drift."""
import re

SPECIAL = ["<s>", "<|im_start|>", "<|im_end|>"]
vocab = {t: i for i, t in enumerate(SPECIAL)}


def tokenize(text, add_bos=True):
    """Toy tokenizer: special tokens are atomic, otherwise words and single spaces/newlines."""
    pieces = re.findall(r"<s>|<\|im_start\|>|<\|im_end\|>|\n| |[^\s<]+|<", text)
    ids = [vocab.setdefault(p, len(vocab)) for p in pieces]
    return ([vocab["<s>"]] if add_bos else []) + ids


def render(messages, add_generation_prompt=False):
    out = ""
    for m in messages:
        out += f"<|im_start|>{m['role']}\n{m['content']}<|im_end|>\n"
    if add_generation_prompt:
        out += "<|im_start|>assistant\n"
    return out


def tokenize_with_mask(messages):
    """Token ids plus a 0/1 mask: 1 on assistant content and its <|im_end|>, 0 elsewhere."""
    ids, mask = [vocab["<s>"]], [0]
    for m in messages:
        header = tokenize(f"<|im_start|>{m['role']}\n", add_bos=False)
        body = tokenize(f"{m['content']}<|im_end|>", add_bos=False)
        tail = tokenize("\n", add_bos=False)
        train = 1 if m["role"] == "assistant" else 0
        ids += header + body + tail
        mask += [0] * len(header) + [train] * len(body) + [0] * len(tail)
    return ids, mask


conv = [
    {"role": "system", "content": "You are concise."},
    {"role": "user", "content": "Capital of France?"},
    {"role": "assistant", "content": "Paris."},
    {"role": "user", "content": "And of Italy?"},
    {"role": "assistant", "content": "Rome."},
]
ids, mask = tokenize_with_mask(conv)
inv = {i: t for t, i in vocab.items()}
supervised = [inv[i] for i, m in zip(ids, mask) if m]
print("supervised tokens:", supervised)
# piecewise tokenisation must equal tokenising the rendered string (no boundary artefacts)
assert ids == tokenize(render(conv))
# both assistant turns are trained, each INCLUDING its end-of-turn token, nothing else is
assert supervised == ["Paris.", "<|im_end|>", "Rome.", "<|im_end|>"]

# bug 1 (the commonest): masking <|im_end|> out with the header leaves nothing teaching the model to stop
n_stop_targets = sum(1 for i, m in zip(ids, mask) if m and i == vocab["<|im_end|>"])
assert n_stop_targets == sum(1 for m in conv if m["role"] == "assistant")   # one per assistant turn

# bug 2: template text already starts with <s> and the tokenizer adds another
doubled = tokenize("<s>" + render(conv))
assert doubled[:2] == [vocab["<s>"], vocab["<s>"]]     # a sequence the model never saw in training
assert doubled[1:] == ids                               # everything else is identical: easy to miss

# bug 3: inference without the generation prompt: the model must now guess who speaks next
history = conv[:4]
prompt_ok = tokenize(render(history, add_generation_prompt=True))
prompt_bad = tokenize(render(history))
train_prefix = ids[: len(prompt_ok)]
assert prompt_ok == train_prefix             # exactly the prefix the model saw before "Rome."
# without it the prompt stops 3 tokens short ("<|im_start|>", "assistant", "\n"), so the model's
# most likely continuation is a role header, and it may well write the user's next turn
assert prompt_bad == prompt_ok[:-3]

# bug 4: a one-character whitespace drift changes the token sequence the model conditions on
drift = render(history, add_generation_prompt=True).replace("assistant\n", "assistant \n")
assert tokenize(drift) != prompt_ok
print(f"prompt ok: {len(prompt_ok)} tokens; with a stray space the sequence differs "
      f"at position {next(i for i, (a, b) in enumerate(zip(tokenize(drift), prompt_ok)) if a != b)}")
