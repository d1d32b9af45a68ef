#!/usr/bin/env python3
"""Kernel-level calibration tables of one GPU, for Orrery's cost model to interpolate.

Writes into --out DIR, in exactly the format of shared/calibration/h100-sxm-80gb/:

  gemm.csv         m,n,k,dtype,ms_median,tflops
                   `A[m,k] @ B[k,n]` in bf16; ms_median = median milliseconds of 15 calls,
                   tflops = 2*m*n*k / time, in 1e12 FLOP/s.
  attention.csv    batch,heads,kv_heads,seq,head_dim,causal,fwd_ms,fwdbwd_ms
                   F.scaled_dot_product_attention on (batch, heads, seq, head_dim) bf16
                   tensors, causal, enable_gqa when kv_heads < heads; fwd_ms under
                   no_grad, fwdbwd_ms = forward with autograd + backward (milliseconds).
  elementwise.csv  op,rows,cols,fwd_ms,fwdbwd_ms,fwd_bytes
                   layernorm, rmsnorm, gelu_tanh, silu_mul, add on a bf16 (rows, cols)
                   tensor, and cross_entropy_fp32 on bf16 logits (rows, vocab=cols) cast to
                   fp32; fwd_bytes = bytes the forward reads + writes.
  overhead.csv     what,us_per_op
                   host-side eager dispatch costs in microseconds (see measure_overhead).
  device.json      device name, SM count, memory, versions, measured copy bandwidth.

Timing: CUDA events, 3 warm-up calls, median of 15 (common.timed_ms). The default shape
grids are those of the shipped H100 tables, so a run on an H100 SXM reproduces them.

    python3 profiler/kernels.py --out calibration/h100-sxm-80gb
    python3 profiler/kernels.py --device cpu --quick --out /tmp/k   # smoke test
"""
import json
import os
import platform

import torch
import torch.nn.functional as F

import common
from common import log, timed_ms

DT = torch.bfloat16
WARM, REP = 3, 15

# --------------------------------------------------------------------------- grids
# Default grids = the shipped H100 tables' grids (shared/calibration/h100-sxm-80gb/).

GEMM_M = [1, 8, 64, 256, 1024, 2048, 4096, 8192, 16384]
# (n, k) pairs: square sizes and the projections of GPT/Llama layers (QKV, out, MLP).
GEMM_NK = [(1024, 1024), (4096, 4096), (8192, 8192), (12288, 4096), (4096, 12288),
           (16384, 16384), (28672, 4096), (4096, 14336), (3072, 1024), (1024, 4096)]

ATTN_HEAD_DIM = [64, 128]
ATTN_HEADS = [8, 16, 32, 64]
ATTN_SEQ = [512, 1024, 2048, 4096, 8192, 16384]
ATTN_BATCH = [1, 2, 4, 8]
ATTN_MAX_TOKENS = 32768            # skip b*s above this
ATTN_MAX_TOKEN_HEADS = 32768 * 32  # skip b*s*heads above this

ELT_COLS = [1024, 4096, 8192, 14336]
ELT_ROWS = [1024, 4096, 16384, 65536]
ELT_MAX_ELEMENTS = 2**29
CE_VOCAB = [32000, 50304, 128256]
CE_ROWS = [2048, 8192, 16384]

# --quick: tiny shapes that run in seconds on a CPU.
QUICK = dict(
    gemm_m=[1, 64, 256], gemm_nk=[(256, 256), (512, 128)],
    attn_head_dim=[64], attn_heads=[4, 8], attn_seq=[128, 256], attn_batch=[1, 2],
    elt_cols=[256, 512], elt_rows=[64, 256], ce_vocab=[1000], ce_rows=[64, 128],
    copy_bytes=16 * 2**20,
)
FULL = dict(
    gemm_m=GEMM_M, gemm_nk=GEMM_NK,
    attn_head_dim=ATTN_HEAD_DIM, attn_heads=ATTN_HEADS, attn_seq=ATTN_SEQ, attn_batch=ATTN_BATCH,
    elt_cols=ELT_COLS, elt_rows=ELT_ROWS, ce_vocab=CE_VOCAB, ce_rows=CE_ROWS,
    copy_bytes=2**30,
)


def gemm_shapes(grid):
    """(m, n, k) in table order."""
    return [(m, n, k) for m in grid["gemm_m"] for n, k in grid["gemm_nk"]]


def attention_shapes(grid, quick=False):
    """(batch, heads, kv_heads, seq, head_dim) in table order; kv_heads is the full
    multi-head count and the grouped-query quarter of it."""
    shapes = []
    for d in grid["attn_head_dim"]:
        for heads in grid["attn_heads"]:
            for s in grid["attn_seq"]:
                for b in grid["attn_batch"]:
                    if not quick and (b * s > ATTN_MAX_TOKENS or b * s * heads > ATTN_MAX_TOKEN_HEADS):
                        continue
                    for kvh in sorted({heads, max(1, heads // 4)}):
                        shapes.append((b, heads, kvh, s, d))
    return shapes


def elementwise_shapes(grid):
    """(rows, cols) in table order (each shape is measured for every op)."""
    return [(rows, cols) for cols in grid["elt_cols"] for rows in grid["elt_rows"]
            if rows * cols <= ELT_MAX_ELEMENTS]


def cross_entropy_shapes(grid):
    """(rows, vocab) in table order."""
    return [(rows, vocab) for vocab in grid["ce_vocab"] for rows in grid["ce_rows"]]


def timed(fn, dev):
    return timed_ms(fn, dev, warm=WARM, rep=REP)


# --------------------------------------------------------------------------- tables

def measure_gemm(out_dir, grid, dev):
    """gemm.csv: time of A[m,k] @ B[k,n] in bf16 (no autograd)."""
    out = common.CSVOut(os.path.join(out_dir, "gemm.csv"),
                        ["m", "n", "k", "dtype", "ms_median", "tflops"])
    for m, n, k in gemm_shapes(grid):
        try:
            a = torch.randn(m, k, device=dev, dtype=DT)
            b = torch.randn(k, n, device=dev, dtype=DT)
            ms = timed(lambda: a @ b, dev)
            tflops = 2.0 * m * n * k / (ms * 1e-3) / 1e12
            out.row(m=m, n=n, k=k, dtype="bf16", ms_median=f"{ms:.5f}", tflops=f"{tflops:.2f}")
        except Exception as ex:  # keep going: one shape must not end the table
            log("gemm fail", m, n, k, repr(ex)[:120])
        a = b = None
        common.free_memory(dev)
    out.close()
    log("gemm done:", out.rows, "rows")


def measure_attention(out_dir, grid, dev, quick):
    """attention.csv: causal SDPA forward (no_grad) and forward+backward, bf16."""
    out = common.CSVOut(os.path.join(out_dir, "attention.csv"),
                        ["batch", "heads", "kv_heads", "seq", "head_dim", "causal", "fwd_ms", "fwdbwd_ms"])
    for b, heads, kvh, s, d in attention_shapes(grid, quick):
        try:
            q = torch.randn(b, heads, s, d, device=dev, dtype=DT, requires_grad=True)
            k = torch.randn(b, kvh, s, d, device=dev, dtype=DT, requires_grad=True)
            v = torch.randn(b, kvh, s, d, device=dev, dtype=DT, requires_grad=True)
            g = torch.randn(b, heads, s, d, device=dev, dtype=DT)
            gq = kvh != heads

            def fwd():
                return F.scaled_dot_product_attention(q, k, v, is_causal=True, enable_gqa=gq)

            with torch.no_grad():
                fm = timed(fwd, dev)
            bm = timed(lambda: fwd().backward(g), dev)
            out.row(batch=b, heads=heads, kv_heads=kvh, seq=s, head_dim=d, causal=1,
                    fwd_ms=f"{fm:.4f}", fwdbwd_ms=f"{bm:.4f}")
        except Exception as ex:
            log("attn fail", b, heads, s, d, repr(ex)[:120])
        q = k = v = g = None
        common.free_memory(dev)
    out.close()
    log("attention done:", out.rows, "rows")


def measure_elementwise(out_dir, grid, dev):
    """elementwise.csv: memory-bound ops, forward (no_grad) and forward+backward, bf16."""
    out = common.CSVOut(os.path.join(out_dir, "elementwise.csv"),
                        ["op", "rows", "cols", "fwd_ms", "fwdbwd_ms", "fwd_bytes"])
    for rows, cols in elementwise_shapes(grid):
        n = rows * cols
        x = torch.randn(rows, cols, device=dev, dtype=DT, requires_grad=True)
        y = torch.randn(rows, cols, device=dev, dtype=DT, requires_grad=True)
        g = torch.randn(rows, cols, device=dev, dtype=DT)
        ln = torch.nn.LayerNorm(cols).to(dev, DT)
        rms = torch.nn.RMSNorm(cols).to(dev, DT)
        # name -> (forward callable, forward bytes read + written at 2 B/element)
        ops = {
            "layernorm": (lambda: ln(x), 2 * n * 2),
            "rmsnorm": (lambda: rms(x), 2 * n * 2),
            "gelu_tanh": (lambda: F.gelu(x, approximate="tanh"), 2 * n * 2),
            "silu_mul": (lambda: F.silu(x) * y, 3 * n * 2),
            "add": (lambda: x + y, 3 * n * 2),
        }
        for name, (fn, nbytes) in ops.items():
            try:
                with torch.no_grad():
                    fm = timed(fn, dev)
                bm = timed(lambda: fn().backward(g), dev)
                out.row(op=name, rows=rows, cols=cols, fwd_ms=f"{fm:.4f}", fwdbwd_ms=f"{bm:.4f}",
                        fwd_bytes=nbytes)
            except Exception as ex:
                log("elt fail", name, rows, cols, repr(ex)[:120])
        x = y = g = ln = rms = ops = None
        common.free_memory(dev)
    # Softmax cross-entropy as the loss sees it: bf16 logits cast to fp32
    # (fwd_bytes: read 2 B + write 4 B per logit for the cast).
    for rows, vocab in cross_entropy_shapes(grid):
        try:
            logits = torch.randn(rows, vocab, device=dev, dtype=DT, requires_grad=True)
            tgt = torch.randint(0, vocab, (rows,), device=dev)
            with torch.no_grad():
                fm = timed(lambda: F.cross_entropy(logits.float(), tgt), dev)
            bm = timed(lambda: F.cross_entropy(logits.float(), tgt).backward(), dev)
            out.row(op="cross_entropy_fp32", rows=rows, cols=vocab, fwd_ms=f"{fm:.4f}",
                    fwdbwd_ms=f"{bm:.4f}", fwd_bytes=rows * vocab * 6)
        except Exception as ex:
            log("ce fail", vocab, rows, repr(ex)[:120])
        logits = tgt = None
        common.free_memory(dev)
    out.close()
    log("elementwise done:", out.rows, "rows")


def measure_overhead(out_dir, dev, chain=200):
    """overhead.csv: host-side eager dispatch costs, microseconds.

    forward_op           per op of a chain of `chain` dependent `x = x + 1` on a 1x1 tensor
                         (no autograd), timed end to end with events, / chain.
    forward_op_autograd  the same chain on a leaf that requires grad (autograd records).
    linear_op            per call of a chain of `chain` nn.Linear(8, 8) on a (1, 8) input,
                         parameters requiring grad as in training (autograd records).
    backward_node        (forward+backward of the autograd chain - its forward) / chain:
                         the engine's cost per backward node (AddBackward passes the
                         gradient through, so these nodes launch no kernel).
    backward_call        backward() of a single tiny op minus its forward: the fixed cost of
                         one backward() call.
    event_floor          an empty event pair (the timing method's own floor).
    """
    out = common.CSVOut(os.path.join(out_dir, "overhead.csv"), ["what", "us_per_op"])
    dtype = DT
    x0 = torch.zeros(1, 1, device=dev, dtype=dtype)
    xg = torch.zeros(1, 1, device=dev, dtype=dtype, requires_grad=True)
    g1 = torch.ones(1, 1, device=dev, dtype=dtype)
    lin = torch.nn.Linear(8, 8).to(dev, dtype)
    x8 = torch.randn(1, 8, device=dev, dtype=dtype)

    def add_chain(x):
        for _ in range(chain):
            x = x + 1
        return x

    def linear_chain():
        y = x8
        for _ in range(chain):
            y = lin(y)
        return y

    def clear_grads():
        xg.grad = None
        for p in lin.parameters():
            p.grad = None

    def t(fn):
        return timed_ms(fn, dev, warm=WARM, rep=REP, setup=clear_grads) * 1e3  # microseconds

    fwd_plain = t(lambda: add_chain(x0))
    fwd_grad = t(lambda: add_chain(xg))
    fwdbwd_grad = t(lambda: add_chain(xg).backward(g1))
    lin_fwd = t(linear_chain)
    one_fwd = t(lambda: xg + 1)
    one_fwdbwd = t(lambda: (xg + 1).backward(g1))
    floor = t(lambda: None)

    rows = [
        ("forward_op", fwd_plain / chain),
        ("forward_op_autograd", fwd_grad / chain),
        ("linear_op", lin_fwd / chain),
        ("backward_node", (fwdbwd_grad - fwd_grad) / chain),
        ("backward_call", one_fwdbwd - one_fwd),
        ("event_floor", floor),
    ]
    for what, us in rows:
        out.row(what=what, us_per_op=f"{us:.3f}")
    out.close()
    log("overhead done:", ", ".join(f"{w}={u:.2f}us" for w, u in rows))


def measure_copy_bandwidth_gbs(dev, nbytes):
    """Device-to-device copy bandwidth in GB/s (1e9 B/s), read + write counted:
    2 * nbytes / median time of dst.copy_(src)."""
    src = torch.empty(nbytes, device=dev, dtype=torch.uint8).random_(0, 255)
    dst = torch.empty_like(src)
    ms = timed(lambda: dst.copy_(src), dev)
    src = dst = None
    common.free_memory(dev)
    return 2.0 * nbytes / (ms * 1e-3) / 1e9


def write_device_json(out_dir, dev, copy_bytes):
    """device.json: what was measured, so a table folder documents its own source."""
    name = common.device_name(dev)
    total = common.total_memory_bytes(dev)
    info = {
        "device_name": name,
        "catalog_gpu": common.catalog_gpu_name(name) if common.is_cuda(dev) else "cpu",
        "suggested_table_dir": common.table_dir_name(name, total) if common.is_cuda(dev) else "cpu",
        "sm_count": None,
        "compute_capability": None,
        "total_memory_bytes": total,
        "total_memory_gib": round(total / 2**30, 2),
        "torch_version": torch.__version__,
        "cuda_version": torch.version.cuda,
        "hip_version": getattr(torch.version, "hip", None),
        "cudnn_version": torch.backends.cudnn.version() if common.is_cuda(dev) else None,
        "python_version": platform.python_version(),
        "copy_bytes": copy_bytes,
        "d2d_copy_bandwidth_gbs": None,
        "timing": f"CUDA events, {WARM} warm-up, median of {REP}" if common.is_cuda(dev)
                  else f"perf_counter (CPU smoke test), {WARM} warm-up, median of {REP}",
        "dtype": "bf16",
    }
    if common.is_cuda(dev):
        props = torch.cuda.get_device_properties(dev)
        info["sm_count"] = props.multi_processor_count
        info["compute_capability"] = f"{props.major}.{props.minor}"
    info["d2d_copy_bandwidth_gbs"] = round(measure_copy_bandwidth_gbs(dev, copy_bytes), 1)
    with open(os.path.join(out_dir, "device.json"), "w") as f:
        json.dump(info, f, indent=2)
        f.write("\n")
    log("device:", json.dumps(info))


TABLES = ["device", "gemm", "attention", "elementwise", "overhead"]


def main():
    p = common.base_parser(__doc__)
    p.add_argument("--out", required=True, help="folder to write the tables into (created)")
    p.add_argument("--only", type=common.str_list, default=TABLES,
                   help=f"comma-separated subset of {','.join(TABLES)} (default: all)")
    args = p.parse_args()
    unknown = [t for t in args.only if t not in TABLES]
    if unknown:
        p.error(f"--only: unknown table(s) {unknown}; allowed: {','.join(TABLES)}")
    dev = common.setup_device(args.device, args.seed)
    grid = QUICK if args.quick else FULL
    os.makedirs(args.out, exist_ok=True)
    if "device" in args.only:
        write_device_json(args.out, dev, grid["copy_bytes"])
    if "gemm" in args.only:
        measure_gemm(args.out, grid, dev)
    if "attention" in args.only:
        measure_attention(args.out, grid, dev, args.quick)
    if "elementwise" in args.only:
        measure_elementwise(args.out, grid, dev)
    if "overhead" in args.only:
        measure_overhead(args.out, dev)


if __name__ == "__main__":
    main()
