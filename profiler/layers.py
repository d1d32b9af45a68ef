#!/usr/bin/env python3
"""One transformer layer on one GPU, measured the way Orrery's `scope=layer` defines it.

For each configuration (arch, hidden, heads, kv_heads, ffn, tp, seq, micro-batch,
recompute) the layer of models.py is built with the tensor-parallel shard's head and ffn
counts (heads/tp, kv_heads/tp, ffn/tp; no communication), parameters and input in bf16,
input x = randn(micro_batch, seq, hidden, requires_grad=True). Measured:

  measured_fwd_ms             forward with autograd recording (as in training), ms
  measured_fwdbwd_ms          y = layer(x); y.backward(grad), parameter grads and x.grad set
                              to None before each iteration (outside the timed region), ms
                              recompute=full: layer wrapped in
                              torch.utils.checkpoint.checkpoint(layer, x, use_reentrant=False)
  measured_activation_bytes   bytes of the unique storages (by data_ptr) of the tensors
                              autograd saves in the forward, parameters and constant
                              buffers excluded (torch.autograd.graph.saved_tensors_hooks);
                              includes the layer input x when a saved op keeps it
  measured_alloc_delta_bytes  torch.cuda.memory_allocated() after the forward minus before
                              (saved tensors + the output y); empty on the CPU

Timing: CUDA events around the whole forward (or forward+backward), 3 warm-up, median
of 10. Output: a CSV whose first columns are Orrery's batch-estimate input columns, so

    python3 profiler/compare.py --inputs-only layers.csv --out layers.in.csv
    orrery estimate --scenarios layers.in.csv --format csv > layers.pred.csv
    python3 profiler/compare.py layers.csv layers.pred.csv

predicts the same rows (fwd_ms, fwdbwd_ms, activation_bytes) for a side-by-side check.

    python3 profiler/layers.py --out layers.csv
    python3 profiler/layers.py --device cpu --quick --out /tmp/layers.csv   # smoke test
"""
import torch

import common
import models
from common import log

DT = torch.bfloat16
WARM, REP = 3, 10
GPT_VOCAB, LLAMA_VOCAB = 50304, 128256   # GPT-2 padded vocab (nanoGPT), Llama-3 vocab

COLUMNS = ["name", "arch", "layers", "hidden", "ffn_hidden", "heads", "kv_heads", "vocab",
           "tied_embeddings", "seq_len", "gpu", "tp", "micro_batch", "recompute", "precision",
           "scope",
           "measured_fwd_ms", "measured_fwdbwd_ms", "measured_activation_bytes",
           "measured_alloc_delta_bytes"]


def llama_ffn(hidden):
    """Llama-3 MLP width: 3.5 * hidden rounded to a multiple of 256 (4096 -> 14336)."""
    return 256 * round(3.5 * hidden / 256)


def shape(arch, hidden, heads, ffn=None, kv_heads=None):
    """A layer shape: GPT ffn = 4h, kv = heads; Llama ffn = llama_ffn(h), kv = heads / 4."""
    if arch == "gpt":
        return dict(arch="gpt", hidden=hidden, heads=heads, kv_heads=kv_heads or heads,
                    ffn=ffn or 4 * hidden)
    return dict(arch="llama", hidden=hidden, heads=heads, kv_heads=kv_heads or max(1, heads // 4),
                ffn=ffn or llama_ffn(hidden))


# Default grid: head_dim 128 (heads = hidden / 128) for both archs, plus GPT at hidden 1024
# with head_dim 64.
DEFAULT_SHAPES = (
    [shape("gpt", 1024, 16)] +
    [shape("gpt", h, h // 128) for h in (1024, 2048, 4096, 8192)] +
    [shape("llama", h, h // 128) for h in (1024, 2048, 4096, 8192)])
DEFAULT_TP = [1, 2, 4, 8]
DEFAULT_SEQ = [512, 2048, 8192]
DEFAULT_MB = [1, 4, 8]
RECOMPUTE = ["none", "full"]

QUICK_SHAPES = [shape("gpt", 128, 2), shape("llama", 128, 4, ffn=384, kv_heads=2)]
QUICK_TP, QUICK_SEQ, QUICK_MB = [1, 2], [32, 64], [1, 2]


# --------------------------------------------------------------------------- memory guard

def layer_param_count(sh, tp):
    """Parameters of one tp shard of the layer."""
    h, d = sh["hidden"], sh["hidden"] // sh["heads"]
    q, kv, f = sh["heads"] // tp * d, sh["kv_heads"] // tp * d, sh["ffn"] // tp
    if sh["arch"] == "gpt":
        return (h * 3 * q + 3 * q) + (q * h + h) + (h * f + f) + (f * h + h) + 4 * h
    return h * (q + 2 * kv) + q * h + 3 * h * f + 2 * h


def estimated_bytes(sh, tp, seq, mb):
    """Generous upper bound of the memory one forward+backward needs, bytes (bf16):
    weights + grads, saved activations twice over (backward temporaries), x, y, grads."""
    h, d = sh["hidden"], sh["hidden"] // sh["heads"]
    q, kv, f = sh["heads"] // tp * d, sh["kv_heads"] // tp * d, sh["ffn"] // tp
    tokens = seq * mb
    if sh["arch"] == "gpt":
        per_token = 2 * (6 * h + 5 * q + 3 * f)
    else:
        per_token = 2 * (6 * h + 3 * q + 2 * kv + 4 * f)
    per_token += 4 * sh["heads"] // tp                     # SDPA log-sum-exp (fp32)
    return 4 * layer_param_count(sh, tp) + 2 * tokens * per_token + 4 * tokens * h * 2


# --------------------------------------------------------------------------- measurement

def saved_storage_bytes(fn, exclude_ptrs):
    """Run fn() under saved_tensors_hooks; return (result, bytes of the unique storages of
    the saved tensors whose storage is not in exclude_ptrs)."""
    seen = {}

    def pack(t):
        try:
            st = t.untyped_storage()
            ptr = st.data_ptr()
            if ptr not in exclude_ptrs:
                seen[ptr] = max(seen.get(ptr, 0), st.nbytes())
        except (RuntimeError, NotImplementedError):
            pass  # tensors without a storage (none expected here)
        return t

    with torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
        out = fn()
    return out, sum(seen.values())


def measure_config(layer, sh, tp, seq, mb, recompute, dev):
    """The four measured values of one configuration (see the module docstring)."""
    x = torch.randn(mb, seq, sh["hidden"], device=dev, dtype=DT, requires_grad=True)
    grad = torch.randn(mb, seq, sh["hidden"], device=dev, dtype=DT)
    params = list(layer.parameters())
    constant_ptrs = {t.untyped_storage().data_ptr() for t in list(params) + list(layer.buffers())}

    def run():
        if recompute == "full":
            return torch.utils.checkpoint.checkpoint(layer, x, use_reentrant=False)
        return layer(x)

    def clear_grads():
        x.grad = None
        for p in params:
            p.grad = None

    def fwdbwd():
        run().backward(grad)

    # Memory: one plain forward for the allocator delta, one hooked forward for the
    # saved-tensor bytes; the graph is freed (y dropped) after each.
    clear_grads()
    common.sync(dev)
    alloc_delta = ""
    if common.is_cuda(dev):
        before = torch.cuda.memory_allocated(dev)
        y = run()
        common.sync(dev)
        alloc_delta = torch.cuda.memory_allocated(dev) - before
        del y
    y, act_bytes = saved_storage_bytes(run, constant_ptrs)
    del y

    fwd_ms = common.timed_ms(run, dev, warm=WARM, rep=REP, setup=clear_grads)
    fwdbwd_ms = common.timed_ms(fwdbwd, dev, warm=WARM, rep=REP, setup=clear_grads)
    clear_grads()
    return fwd_ms, fwdbwd_ms, act_bytes, alloc_delta


def main():
    p = common.base_parser(__doc__)
    p.add_argument("--out", required=True, help="CSV file to write")
    p.add_argument("--gpu", default=None,
                   help="value of the gpu column (default: Orrery catalog name derived from the device name)")
    p.add_argument("--arch", type=common.str_list, default=None, help="subset of gpt,llama")
    p.add_argument("--hidden", type=common.int_list, default=None, help="subset of hidden sizes")
    p.add_argument("--tp", type=common.int_list, default=None, help=f"default {DEFAULT_TP}")
    p.add_argument("--seq", type=common.int_list, default=None, help=f"default {DEFAULT_SEQ}")
    p.add_argument("--micro-batch", type=common.int_list, default=None, help=f"default {DEFAULT_MB}")
    p.add_argument("--recompute", type=common.str_list, default=RECOMPUTE, help="subset of none,full")
    p.add_argument("--memory-fraction", type=float, default=0.85,
                   help="skip configs whose estimated need exceeds this fraction of device memory")
    p.add_argument("--dry-run", action="store_true",
                   help="write the rows (measured columns empty) without building or timing anything")
    args = p.parse_args()
    if any(r not in RECOMPUTE for r in args.recompute):
        p.error(f"--recompute: allowed values {RECOMPUTE}")
    dev = common.setup_device(args.device, args.seed)
    gpu = common.resolve_gpu_name(args.gpu, dev)

    shapes = QUICK_SHAPES if args.quick else DEFAULT_SHAPES
    tps = args.tp or (QUICK_TP if args.quick else DEFAULT_TP)
    seqs = args.seq or (QUICK_SEQ if args.quick else DEFAULT_SEQ)
    mbs = args.micro_batch or (QUICK_MB if args.quick else DEFAULT_MB)
    shapes = [s for s in shapes if (not args.arch or s["arch"] in args.arch)
              and (not args.hidden or s["hidden"] in args.hidden)]
    budget = common.total_memory_bytes(dev) * args.memory_fraction
    log(f"device {common.device_name(dev)} -> gpu={gpu}; budget {budget / 2**30:.1f} GiB")

    out = common.CSVOut(args.out, COLUMNS)
    for sh in shapes:
        for tp in tps:
            if sh["heads"] % tp or sh["kv_heads"] % tp or sh["ffn"] % tp:
                log(f"skip {sh} tp={tp}: heads/kv_heads/ffn do not divide by tp")
                continue
            layer = None
            if not args.dry_run:
                torch.manual_seed(args.seed)
                with models.build_on(dev, DT):
                    layer = models.build_layer(sh["arch"], sh["hidden"], sh["heads"], sh["kv_heads"],
                                               sh["ffn"], tp, max(seqs))
                models.finish_layer(layer)
            for seq in seqs:
                for mb in mbs:
                    need = estimated_bytes(sh, tp, seq, mb)
                    for recompute in args.recompute:
                        name = (f"{sh['arch']}-h{sh['hidden']}-a{sh['heads']}-kv{sh['kv_heads']}"
                                f"-tp{tp}-s{seq}-b{mb}-{recompute}")
                        if need > budget and not args.dry_run:
                            log(f"skip {name}: needs ~{need / 2**30:.1f} GiB")
                            continue
                        oom = False
                        try:
                            if args.dry_run:
                                fwd = fwdbwd = act = delta = ""
                            else:
                                fwd, fwdbwd, act, delta = measure_config(layer, sh, tp, seq, mb, recompute, dev)
                        except Exception as ex:
                            if not common.is_oom(ex):
                                raise
                            oom = True
                        if oom:  # outside the except block, so the traceback's tensors are gone
                            for prm in layer.parameters():
                                prm.grad = None
                            common.free_memory(dev)
                            log(f"skip {name}: out of memory")
                            continue
                        out.row(name=name, arch=sh["arch"], layers=1, hidden=sh["hidden"],
                                ffn_hidden=sh["ffn"], heads=sh["heads"], kv_heads=sh["kv_heads"],
                                vocab=GPT_VOCAB if sh["arch"] == "gpt" else LLAMA_VOCAB,
                                tied_embeddings=1 if sh["arch"] == "gpt" else 0,
                                seq_len=seq, gpu=gpu, tp=tp, micro_batch=mb, recompute=recompute,
                                precision="bf16", scope="layer",
                                measured_fwd_ms="" if args.dry_run else f"{fwd:.4f}",
                                measured_fwdbwd_ms="" if args.dry_run else f"{fwdbwd:.4f}",
                                measured_activation_bytes=act, measured_alloc_delta_bytes=delta)
                        if not args.dry_run:
                            log(f"{name}: fwd {fwd:.3f} ms, fwd+bwd {fwdbwd:.3f} ms, "
                                f"saved {act / 2**20:.1f} MiB, alloc delta "
                                f"{'' if delta == '' else f'{delta / 2**20:.1f} MiB'}")
                        common.free_memory(dev)
            layer = None
            common.free_memory(dev)
    out.close()
    log(f"wrote {out.rows} rows to {args.out}")


if __name__ == "__main__":
    main()
