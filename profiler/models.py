"""Transformer layers and models exactly as Orrery's scopes define them (DESIGN.md).

GPTBlock    pre-LN GPT-2/nanoGPT block: nn.LayerNorm (with bias), fused QKV nn.Linear
            with bias, causal scaled_dot_product_attention on (b, heads, s, d) views,
            .transpose(1, 2).contiguous().view(b, s, h), output nn.Linear with bias,
            residual add, LayerNorm, MLP Linear(h, ffn) -> gelu(tanh) -> Linear(ffn, h)
            with bias, residual add. No dropout.
LlamaBlock  Llama / Hugging Face block: nn.RMSNorm, q/k/v/o nn.Linear without bias,
            RoPE on q and k (q*cos + rotate_half(q)*sin), SDPA with enable_gqa when
            kv_heads < heads, residual, RMSNorm, SwiGLU MLP (silu(gate) * up -> down).
GPT         nanoGPT model: token + learned position embeddings, blocks, final LayerNorm,
            lm_head tied to the token embedding, cross-entropy loss.
Llama       Llama model for inference: embedding, blocks with a KV cache, final RMSNorm,
            untied lm_head.

Tensor parallelism is emulated by building the blocks with the shard's head and ffn
counts (`heads // tp` etc.) while the residual stream keeps the full hidden size; there
is no communication. Weights are random (nanoGPT-style normal(0, 0.02) init where it
matters for numerical sanity; timings do not depend on the values).
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.checkpoint import checkpoint


class GPTBlock(nn.Module):
    """One GPT layer (shard). hidden = residual width; heads = local query heads;
    head_dim = hidden / global heads; ffn = local MLP width."""

    def __init__(self, hidden, heads, head_dim, ffn, eps=1e-5):
        super().__init__()
        self.heads, self.head_dim = heads, head_dim
        self.local = heads * head_dim                      # attention width of this shard
        self.ln_1 = nn.LayerNorm(hidden, eps=eps)
        self.c_attn = nn.Linear(hidden, 3 * self.local, bias=True)
        self.c_proj = nn.Linear(self.local, hidden, bias=True)
        self.ln_2 = nn.LayerNorm(hidden, eps=eps)
        self.c_fc = nn.Linear(hidden, ffn, bias=True)
        self.mlp_proj = nn.Linear(ffn, hidden, bias=True)

    def forward(self, x):
        b, s, _ = x.shape
        q, k, v = self.c_attn(self.ln_1(x)).split(self.local, dim=2)
        q = q.view(b, s, self.heads, self.head_dim).transpose(1, 2)   # (b, heads, s, d)
        k = k.view(b, s, self.heads, self.head_dim).transpose(1, 2)
        v = v.view(b, s, self.heads, self.head_dim).transpose(1, 2)
        y = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        y = y.transpose(1, 2).contiguous().view(b, s, self.local)
        x = x + self.c_proj(y)
        x = x + self.mlp_proj(F.gelu(self.c_fc(self.ln_2(x)), approximate="tanh"))
        return x


def rope_cos_sin(positions, head_dim, theta, device, dtype):
    """Hugging Face Llama rotary tables: (positions, head_dim) cos and sin, computed in
    fp32 and cast to the model dtype (as HF does)."""
    inv_freq = 1.0 / (theta ** (torch.arange(0, head_dim, 2, device=device, dtype=torch.float32) / head_dim))
    t = torch.arange(positions, device=device, dtype=torch.float32)
    freqs = torch.outer(t, inv_freq)
    emb = torch.cat((freqs, freqs), dim=-1)
    return emb.cos().to(dtype), emb.sin().to(dtype)


def rotate_half(x):
    """HF rotate_half: cat(-x2, x1) over the last dimension's halves."""
    x1, x2 = x[..., : x.shape[-1] // 2], x[..., x.shape[-1] // 2:]
    return torch.cat((-x2, x1), dim=-1)


class LlamaBlock(nn.Module):
    """One Llama layer (shard). heads / kv_heads = local counts; head_dim = hidden / global
    heads; ffn = local MLP width; max_pos = longest sequence the RoPE tables cover.

    forward(x) trains (causal SDPA over x's own tokens). forward(x, cache, pos) serves: the
    new tokens' k/v are written into the preallocated cache (b, kv_heads, max_ctx, d) at
    pos..pos+s, and the queries attend to cache[:, :, :pos+s] (causally among themselves).
    """

    def __init__(self, hidden, heads, kv_heads, head_dim, ffn, max_pos,
                 rope_theta=500000.0, eps=1e-5):
        super().__init__()
        self.heads, self.kv_heads, self.head_dim = heads, kv_heads, head_dim
        self.gqa = kv_heads < heads
        self.input_layernorm = nn.RMSNorm(hidden, eps=eps)
        self.q_proj = nn.Linear(hidden, heads * head_dim, bias=False)
        self.k_proj = nn.Linear(hidden, kv_heads * head_dim, bias=False)
        self.v_proj = nn.Linear(hidden, kv_heads * head_dim, bias=False)
        self.o_proj = nn.Linear(heads * head_dim, hidden, bias=False)
        self.post_attention_layernorm = nn.RMSNorm(hidden, eps=eps)
        self.gate_proj = nn.Linear(hidden, ffn, bias=False)
        self.up_proj = nn.Linear(hidden, ffn, bias=False)
        self.down_proj = nn.Linear(ffn, hidden, bias=False)
        self.max_pos, self.rope_theta = max_pos, rope_theta
        # Constant rotary tables: buffers (not parameters, not activations); rebuilt in the
        # module's dtype/device by reset_rope() after .to().
        self.register_buffer("rope_cos", torch.empty(0), persistent=False)
        self.register_buffer("rope_sin", torch.empty(0), persistent=False)

    def reset_rope(self):
        w = self.q_proj.weight
        self.rope_cos, self.rope_sin = rope_cos_sin(self.max_pos, self.head_dim, self.rope_theta, w.device, w.dtype)
        return self

    def attention(self, x, cache=None, pos=0):
        b, s, _ = x.shape
        q = self.q_proj(x).view(b, s, self.heads, self.head_dim).transpose(1, 2)
        k = self.k_proj(x).view(b, s, self.kv_heads, self.head_dim).transpose(1, 2)
        v = self.v_proj(x).view(b, s, self.kv_heads, self.head_dim).transpose(1, 2)
        cos = self.rope_cos[pos:pos + s]          # (s, d), broadcast over (b, heads)
        sin = self.rope_sin[pos:pos + s]
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        if cache is None or pos == 0:
            if cache is not None:                 # prefill: fill the cache, attend causally
                cache[0][:, :, :s] = k
                cache[1][:, :, :s] = v
            y = F.scaled_dot_product_attention(q, k, v, is_causal=True, enable_gqa=self.gqa)
        else:
            kc, vc = cache
            kc[:, :, pos:pos + s] = k
            vc[:, :, pos:pos + s] = v
            keys, values = kc[:, :, :pos + s], vc[:, :, :pos + s]
            if s == 1:                            # plain decoding: attend to everything
                y = F.scaled_dot_product_attention(q, keys, values, enable_gqa=self.gqa)
            else:                                 # q tokens verified at once: bottom-right causal
                qi = torch.arange(s, device=x.device).unsqueeze(1) + pos
                kj = torch.arange(pos + s, device=x.device).unsqueeze(0)
                y = F.scaled_dot_product_attention(q, keys, values, attn_mask=kj <= qi, enable_gqa=self.gqa)
        y = y.transpose(1, 2).contiguous().view(b, s, self.heads * self.head_dim)
        return self.o_proj(y)

    def forward(self, x, cache=None, pos=0):
        h = x + self.attention(self.input_layernorm(x), cache, pos)
        n = self.post_attention_layernorm(h)
        return h + self.down_proj(F.silu(self.gate_proj(n)) * self.up_proj(n))


class build_on:
    """Context manager: modules built inside get their parameters created directly on
    `device` in `dtype` (no fp32 host copy; matters for multi-GB models)."""

    def __init__(self, device, dtype):
        self.device, self.dtype = torch.device(device), dtype

    def __enter__(self):
        self.old_dtype = torch.get_default_dtype()
        torch.set_default_dtype(self.dtype)
        self.device_ctx = self.device
        self.device_ctx.__enter__()
        return self

    def __exit__(self, *exc):
        self.device_ctx.__exit__(*exc)
        torch.set_default_dtype(self.old_dtype)
        return False


def build_layer(arch, hidden, heads, kv_heads, ffn, tp, max_pos):
    """One layer of `arch` ('gpt' | 'llama') with the tp shard's head and ffn counts."""
    if hidden % heads or heads % tp or kv_heads % tp or ffn % tp:
        raise ValueError(f"hidden {hidden}, heads {heads}, kv_heads {kv_heads}, ffn {ffn} "
                         f"do not shard over tp={tp}")
    head_dim = hidden // heads
    if arch == "gpt":
        return GPTBlock(hidden, heads // tp, head_dim, ffn // tp)
    if arch == "llama":
        return LlamaBlock(hidden, heads // tp, kv_heads // tp, head_dim, ffn // tp, max_pos)
    raise ValueError(f"arch {arch!r}: expected gpt or llama")


def finish_layer(layer):
    """Call after moving a layer to its device/dtype (rebuilds RoPE tables there)."""
    if isinstance(layer, LlamaBlock):
        layer.reset_rope()
    return layer


def nanogpt_init(model, layers):
    """nanoGPT's init: normal(0, 0.02) weights, zero biases, residual projections scaled
    by 1/sqrt(2 * layers) (keeps activations, and so the loss, finite)."""
    for name, p in model.named_parameters():
        if p.dim() >= 2:
            std = 0.02 / math.sqrt(2 * layers) if name.endswith(("c_proj.weight", "mlp_proj.weight")) else 0.02
            nn.init.normal_(p, mean=0.0, std=std)
        elif name.endswith("bias"):
            nn.init.zeros_(p)


class GPT(nn.Module):
    """nanoGPT: tied embeddings, learned positions, LayerNorm with bias, final LayerNorm.
    recompute='full' wraps each block in checkpoint(use_reentrant=False)."""

    def __init__(self, layers, hidden, heads, vocab, seq_len, ffn=None, recompute="none"):
        super().__init__()
        ffn = ffn or 4 * hidden
        self.vocab, self.recompute = vocab, recompute
        self.wte = nn.Embedding(vocab, hidden)
        self.wpe = nn.Embedding(seq_len, hidden)
        self.h = nn.ModuleList(GPTBlock(hidden, heads, hidden // heads, ffn) for _ in range(layers))
        self.ln_f = nn.LayerNorm(hidden)
        self.lm_head = nn.Linear(hidden, vocab, bias=False)
        self.wte.weight = self.lm_head.weight              # weight tying (nanoGPT)
        nanogpt_init(self, layers)

    def forward(self, idx, targets):
        b, s = idx.shape
        pos = torch.arange(s, device=idx.device)
        x = self.wte(idx) + self.wpe(pos)
        for block in self.h:
            x = checkpoint(block, x, use_reentrant=False) if self.recompute == "full" else block(x)
        logits = self.lm_head(self.ln_f(x))
        # nanoGPT's convention: the caller gets the logits too and holds them through
        # backward (`logits, loss = model(X, Y)` in its train.py), which the memory model counts.
        return logits, F.cross_entropy(logits.view(-1, logits.size(-1)), targets.view(-1))


class Llama(nn.Module):
    """Llama for inference (random weights): untied lm_head, per-layer KV caches."""

    def __init__(self, layers, hidden, heads, kv_heads, ffn, vocab, max_pos, rope_theta=500000.0, eps=1e-5):
        super().__init__()
        self.layers_n, self.kv_heads, self.head_dim = layers, kv_heads, hidden // heads
        self.embed_tokens = nn.Embedding(vocab, hidden)
        self.layers = nn.ModuleList(
            LlamaBlock(hidden, heads, kv_heads, hidden // heads, ffn, max_pos, rope_theta, eps)
            for _ in range(layers))
        self.norm = nn.RMSNorm(hidden, eps=eps)
        self.lm_head = nn.Linear(hidden, vocab, bias=False)

    def finish(self):
        for layer in self.layers:
            layer.reset_rope()
        return self

    def new_cache(self, batch, max_ctx, device, dtype):
        """Preallocated KV cache: per layer (k, v), each (batch, kv_heads, max_ctx, head_dim)."""
        shape = (batch, self.kv_heads, max_ctx, self.head_dim)
        return [(torch.empty(shape, device=device, dtype=dtype), torch.empty(shape, device=device, dtype=dtype))
                for _ in range(self.layers_n)]

    def forward(self, idx, caches, pos=0, last_only=True):
        """Logits (b, 1, vocab) for the last position if last_only (prefill), else for every
        new position (decode, q tokens)."""
        x = self.embed_tokens(idx)
        for layer, cache in zip(self.layers, caches):
            x = layer(x, cache, pos)
        if last_only:
            x = x[:, -1:, :]
        return self.lm_head(self.norm(x))
