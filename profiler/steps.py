#!/usr/bin/env python3
"""Whole training steps (scope=step) and inference passes (scope=prefill / decode) on one GPU.

Training (default): nanoGPT-style GPT models of the GPT-3 paper's shapes (models.GPT: tied
embeddings, learned positions, vocab 50304, seq 2048, LayerNorm with bias), the way
Orrery's `scope=step, precision=amp-bf16` defines a step:
  fp32 parameters; torch.autocast(<device>, dtype=torch.bfloat16) around forward + loss
  (loss = F.cross_entropy(logits.view(-1, V), targets.view(-1))); backward outside
  autocast; torch.optim.AdamW(fused=True); optimizer.zero_grad(set_to_none=True).
  recompute=full wraps each block in checkpoint(use_reentrant=False).
Measured per config:
  measured_step_time_s      median over steps 3..N of the step time (CUDA events around
                            forward + backward + optimizer step + zero_grad), seconds
  measured_peak_memory_gib  torch.cuda.max_memory_allocated() over steps 3..N (peak stats
                            reset after the first two steps), GiB (2^30 B); empty on CPU
  measured_oom              1 if the config ran out of memory (other columns then empty)

Inference (--inference): Llama-3-8B shapes (random bf16 weights; 32 layers, hidden 4096,
ffn 14336, 32 heads, 8 kv heads, vocab 128256, RMSNorm, RoPE, untied lm_head), under
torch.inference_mode():
  prefill  batch x prompt tokens, causal SDPA, K/V written into a preallocated cache,
           logits for the last position only;
  decode   batch sequences x q new tokens (default 1) against a preallocated bf16 KV cache
           of context_len positions (SDPA with enable_gqa), logits for the new tokens.
  measured_latency_ms  median of 10 after 3 warm-up passes, CUDA events, milliseconds.
Configs whose weights + KV cache + activations would not fit are skipped.

    python3 profiler/steps.py --out steps.csv
    python3 profiler/steps.py --inference --out inference.csv
    python3 profiler/steps.py --device cpu --quick --out /tmp/steps.csv              # smoke
    python3 profiler/steps.py --device cpu --quick --inference --out /tmp/inf.csv    # smoke
"""
import torch

import common
import models
from common import log

# GPT-3 paper (Brown et al. 2020, Table 2.1) shapes as the brief gives them:
# name -> (layers, hidden, heads); ffn = 4 * hidden.
GPT3_MODELS = {
    "gpt3-350m": (24, 1024, 16),
    "gpt3-760m": (24, 1536, 16),
    "gpt3-1.3b": (24, 2048, 32),
    "gpt3-2.7b": (32, 2560, 32),
}
GPT_VOCAB, GPT_SEQ = 50304, 2048
TRAIN_MB = [1, 2, 4, 8]
RECOMPUTE = ["none", "full"]
QUICK_GPT = {"tiny-gpt": (2, 128, 4)}
QUICK_VOCAB, QUICK_SEQ, QUICK_MB = 512, 64, [1, 2]

# Llama-3-8B (Meta, config.json of Meta-Llama-3-8B).
LLAMA3_8B = dict(name="llama-3-8b", layers=32, hidden=4096, ffn=14336, heads=32, kv_heads=8, vocab=128256)
PREFILL_BATCH = [1, 2, 4, 8]
PREFILL_PROMPT = [128, 256, 512, 1024, 2048, 4096, 8192]
DECODE_BATCH = [1, 2, 4, 8, 16, 32, 64]
DECODE_CONTEXT = [512, 1024, 2048, 4096, 8192]
QUICK_LLAMA = dict(name="tiny-llama", layers=2, hidden=128, ffn=384, heads=4, kv_heads=2, vocab=1000)
QUICK_PREFILL_BATCH, QUICK_PREFILL_PROMPT = [1, 2], [16, 32]
QUICK_DECODE_BATCH, QUICK_DECODE_CONTEXT, QUICK_DECODE_Q = [1, 2], [32, 64], [1, 2]

TRAIN_COLUMNS = ["name", "arch", "layers", "hidden", "ffn_hidden", "heads", "kv_heads", "vocab",
                 "tied_embeddings", "seq_len", "gpu", "num_gpus", "tp", "pp", "dp", "micro_batch",
                 "global_batch", "recompute", "precision", "optimizer", "scope",
                 "measured_step_time_s", "measured_peak_memory_gib", "measured_oom"]
INFER_COLUMNS = ["name", "arch", "layers", "hidden", "ffn_hidden", "heads", "kv_heads", "vocab",
                 "tied_embeddings", "seq_len", "gpu", "num_gpus", "tp", "precision", "scope",
                 "prompt_len", "context_len", "q", "micro_batch", "measured_latency_ms"]


# --------------------------------------------------------------------------- training

def make_adamw(model, dev):
    """AdamW as nanoGPT configures it (decay on >=2-D weights only), fused kernels.
    Falls back to the default implementation only where fused is unsupported."""
    decay = [p for p in model.parameters() if p.dim() >= 2]
    no_decay = [p for p in model.parameters() if p.dim() < 2]
    groups = [{"params": decay, "weight_decay": 0.1}, {"params": no_decay, "weight_decay": 0.0}]
    try:
        return torch.optim.AdamW(groups, lr=6e-4, betas=(0.9, 0.95), fused=True), True
    except (RuntimeError, ValueError) as ex:
        log(f"fused AdamW unavailable on {dev} ({ex}); using the default implementation")
        return torch.optim.AdamW(groups, lr=6e-4, betas=(0.9, 0.95)), False


def measure_training(layers, hidden, heads, vocab, seq, mb, recompute, steps, dev, seed):
    """(median step seconds over steps 3..steps, peak GiB or '') for one config."""
    torch.manual_seed(seed)
    with models.build_on(dev, torch.float32):          # fp32 parameters (amp-bf16)
        model = models.GPT(layers, hidden, heads, vocab, seq, recompute=recompute)
    model.train()
    opt, _ = make_adamw(model, dev)
    idx = torch.randint(0, vocab, (mb, seq), device=dev)
    tgt = torch.randint(0, vocab, (mb, seq), device=dev)

    def step():
        with torch.autocast(dev.type, dtype=torch.bfloat16):
            logits, loss = model(idx, tgt)   # logits stay referenced through backward, as in nanoGPT
        loss.backward()
        del logits
        opt.step()
        opt.zero_grad(set_to_none=True)

    times = []
    for i in range(steps):
        if i == 2:                                      # after the first two (warm-up) steps
            common.sync(dev)
            if common.is_cuda(dev):
                torch.cuda.reset_peak_memory_stats(dev)
        ms = common.time_once_ms(step, dev)
        if i >= 2:
            times.append(ms)
    peak = torch.cuda.max_memory_allocated(dev) / 2**30 if common.is_cuda(dev) else ""
    return common.median(times) / 1e3, peak


def run_training(args, dev, gpu):
    shapes = QUICK_GPT if args.quick else GPT3_MODELS
    if args.models:
        unknown = [m for m in args.models if m not in shapes]
        if unknown:
            raise SystemExit(f"error: --models: unknown {unknown}; known: {','.join(shapes)}")
        shapes = {m: shapes[m] for m in args.models}
    vocab = QUICK_VOCAB if args.quick else GPT_VOCAB
    seq = args.seq or (QUICK_SEQ if args.quick else GPT_SEQ)
    mbs = args.micro_batch or (QUICK_MB if args.quick else TRAIN_MB)
    steps = max(args.steps, 3)
    out = common.CSVOut(args.out, TRAIN_COLUMNS)
    for name, (layers, hidden, heads) in shapes.items():
        for mb in mbs:
            for recompute in args.recompute:
                row_name = f"{name}-s{seq}-b{mb}-{recompute}"
                oom = False
                step_s = peak = ""
                try:
                    if not args.dry_run:
                        step_s, peak = measure_training(layers, hidden, heads, vocab, seq, mb, recompute,
                                                        steps, dev, args.seed)
                except Exception as ex:
                    if not common.is_oom(ex):
                        raise
                    oom = True
                common.free_memory(dev)   # after the except block: the traceback is gone
                out.row(name=row_name, arch="gpt", layers=layers, hidden=hidden, ffn_hidden=4 * hidden,
                        heads=heads, kv_heads=heads, vocab=vocab, tied_embeddings=1, seq_len=seq,
                        gpu=gpu, num_gpus=1, tp=1, pp=1, dp=1, micro_batch=mb, global_batch=mb,
                        recompute=recompute, precision="amp-bf16", optimizer="adamw", scope="step",
                        measured_step_time_s="" if oom or args.dry_run else f"{step_s:.5f}",
                        measured_peak_memory_gib="" if oom or peak == "" else f"{peak:.3f}",
                        measured_oom="" if args.dry_run else (1 if oom else 0))
                if not args.dry_run:
                    log(f"{row_name}: " + ("out of memory" if oom else
                        f"step {step_s * 1e3:.1f} ms, peak {peak if peak == '' else f'{peak:.2f} GiB'}"))
    out.close()
    log(f"wrote {out.rows} rows to {args.out}")


# --------------------------------------------------------------------------- inference

def llama_weight_bytes(m):
    """bf16 bytes of the Llama weights (embedding + untied lm_head + layers + norms)."""
    h, f, d = m["hidden"], m["ffn"], m["hidden"] // m["heads"]
    per_layer = h * (m["heads"] * d + 2 * m["kv_heads"] * d) + m["heads"] * d * h + 3 * h * f + 2 * h
    return 2 * (2 * m["vocab"] * h + m["layers"] * per_layer + h)


def kv_cache_bytes(m, batch, ctx):
    """bf16 K and V for every layer: 2 * layers * batch * kv_heads * ctx * head_dim * 2 B."""
    return 2 * m["layers"] * batch * m["kv_heads"] * ctx * (m["hidden"] // m["heads"]) * 2


def transient_bytes(m, batch, tokens, logits_rows):
    """Generous bound on the live activations of one layer plus the logits, bytes."""
    h, f, d = m["hidden"], m["ffn"], m["hidden"] // m["heads"]
    qkv = (m["heads"] + 2 * m["kv_heads"]) * d
    return 2 * batch * tokens * (6 * h + 3 * f + 2 * qkv) + 4 * logits_rows * m["vocab"]


def run_inference(args, dev, gpu):
    m = QUICK_LLAMA if args.quick else LLAMA3_8B
    prefill_b = args.prefill_batch or (QUICK_PREFILL_BATCH if args.quick else PREFILL_BATCH)
    prompts = args.prompt_len or (QUICK_PREFILL_PROMPT if args.quick else PREFILL_PROMPT)
    decode_b = args.decode_batch or (QUICK_DECODE_BATCH if args.quick else DECODE_BATCH)
    contexts = args.context_len or (QUICK_DECODE_CONTEXT if args.quick else DECODE_CONTEXT)
    qs = args.decode_q or (QUICK_DECODE_Q if args.quick else [1])
    max_pos = max(prompts + contexts)
    dt = torch.bfloat16

    budget = common.total_memory_bytes(dev) * args.memory_fraction - llama_weight_bytes(m)
    log(f"{m['name']}: weights {llama_weight_bytes(m) / 2**30:.2f} GiB; "
        f"left for KV cache + activations {budget / 2**30:.1f} GiB")
    model = None
    if not args.dry_run:
        torch.manual_seed(args.seed)
        with models.build_on(dev, dt):
            model = models.Llama(m["layers"], m["hidden"], m["heads"], m["kv_heads"], m["ffn"],
                                 m["vocab"], max_pos)
        model.finish().eval().requires_grad_(False)

    out = common.CSVOut(args.out, INFER_COLUMNS)
    base = dict(arch="llama", layers=m["layers"], hidden=m["hidden"], ffn_hidden=m["ffn"],
                heads=m["heads"], kv_heads=m["kv_heads"], vocab=m["vocab"], tied_embeddings=0,
                gpu=gpu, num_gpus=1, tp=1, precision="bf16")

    def measure(name, need, make_inputs, fn_of_inputs):
        """Median latency in ms of fn(inputs), or None (skipped: would not fit / OOM)."""
        if args.dry_run:
            return ""
        if need > budget:
            log(f"skip {name}: needs ~{need / 2**30:.1f} GiB beyond the weights")
            return None
        oom, ms, inputs = False, None, None
        try:
            inputs = make_inputs()
            with torch.inference_mode():
                ms = common.timed_ms(lambda: fn_of_inputs(*inputs), dev, warm=args.warmup, rep=args.reps)
        except Exception as ex:
            if not common.is_oom(ex):
                raise
            oom = True
        inputs = None                 # drop the cache before freeing (also after an OOM)
        common.free_memory(dev)
        if oom:
            log(f"skip {name}: out of memory")
        return ms

    # Prefill: batch x prompt tokens from position 0; logits for the last position.
    for b in prefill_b:
        for p in prompts:
            name = f"{m['name']}-prefill-b{b}-p{p}"

            def make(b=b, p=p):
                idx = torch.randint(0, m["vocab"], (b, p), device=dev)
                return idx, model.new_cache(b, p, dev, dt)

            ms = measure(name, kv_cache_bytes(m, b, p) + transient_bytes(m, b, p, b), make,
                         lambda idx, cache: model(idx, cache, pos=0, last_only=True))
            if ms is None:
                continue
            out.row(name=name, **base, seq_len=p, scope="prefill", prompt_len=p, context_len=p, q=1,
                    micro_batch=b, measured_latency_ms=ms if ms == "" else f"{ms:.4f}")
            if ms != "":
                log(f"{name}: {ms:.3f} ms")

    # Decode: q new tokens per sequence at positions ctx-q .. ctx-1 of a full cache of ctx.
    for q in qs:
        for b in decode_b:
            for ctx in contexts:
                name = f"{m['name']}-decode-b{b}-c{ctx}-q{q}"

                def make(b=b, ctx=ctx, q=q):
                    idx = torch.randint(0, m["vocab"], (b, q), device=dev)
                    cache = model.new_cache(b, ctx, dev, dt)
                    for kc, vc in cache:                 # a cache of earlier tokens' K/V
                        kc.normal_()
                        vc.normal_()
                    return idx, cache

                ms = measure(name, kv_cache_bytes(m, b, ctx) + transient_bytes(m, b, q, b * q), make,
                             lambda idx, cache, ctx=ctx, q=q: model(idx, cache, pos=ctx - q, last_only=False))
                if ms is None:
                    continue
                out.row(name=name, **base, seq_len=ctx, scope="decode", prompt_len=ctx, context_len=ctx,
                        q=q, micro_batch=b, measured_latency_ms=ms if ms == "" else f"{ms:.4f}")
                if ms != "":
                    log(f"{name}: {ms:.3f} ms")
    out.close()
    log(f"wrote {out.rows} rows to {args.out}")


def main():
    p = common.base_parser(__doc__)
    p.add_argument("--out", required=True, help="CSV file to write")
    p.add_argument("--gpu", default=None,
                   help="value of the gpu column (default: Orrery catalog name derived from the device name)")
    p.add_argument("--inference", action="store_true", help="Llama-3-8B prefill and decode latency")
    # training options
    p.add_argument("--models", type=common.str_list, default=None,
                   help=f"training: subset of {','.join(GPT3_MODELS)}")
    p.add_argument("--micro-batch", type=common.int_list, default=None, help=f"training: default {TRAIN_MB}")
    p.add_argument("--recompute", type=common.str_list, default=RECOMPUTE, help="training: subset of none,full")
    p.add_argument("--seq", type=int, default=None, help=f"training: sequence length (default {GPT_SEQ})")
    p.add_argument("--steps", type=int, default=12,
                   help="training: steps per config N; the median is over steps 3..N (default 12)")
    # inference options
    p.add_argument("--prefill-batch", type=common.int_list, default=None, help=f"default {PREFILL_BATCH}")
    p.add_argument("--prompt-len", type=common.int_list, default=None, help=f"default {PREFILL_PROMPT}")
    p.add_argument("--decode-batch", type=common.int_list, default=None, help=f"default {DECODE_BATCH}")
    p.add_argument("--context-len", type=common.int_list, default=None, help=f"default {DECODE_CONTEXT}")
    p.add_argument("--decode-q", type=common.int_list, default=None,
                   help="tokens per sequence per decode step (default 1)")
    p.add_argument("--warmup", type=int, default=3, help="inference: warm-up passes (default 3)")
    p.add_argument("--reps", type=int, default=10, help="inference: timed passes (default 10)")
    p.add_argument("--memory-fraction", type=float, default=0.9,
                   help="inference: skip configs whose estimated need exceeds this fraction of memory")
    p.add_argument("--dry-run", action="store_true",
                   help="write the rows (measured columns empty) without building or timing anything")
    args = p.parse_args()
    if any(r not in RECOMPUTE for r in args.recompute):
        p.error(f"--recompute: allowed values {RECOMPUTE}")
    if args.decode_q and any(q < 1 for q in args.decode_q):
        p.error("--decode-q: values must be >= 1")
    if args.context_len and args.decode_q and max(args.decode_q) > min(args.context_len):
        p.error("--decode-q: must not exceed the smallest --context-len")
    dev = common.setup_device(args.device, args.seed)
    gpu = common.resolve_gpu_name(args.gpu, dev)
    log(f"device {common.device_name(dev)} -> gpu={gpu}")
    if args.inference:
        run_inference(args, dev, gpu)
    else:
        run_training(args, dev, gpu)


if __name__ == "__main__":
    main()
