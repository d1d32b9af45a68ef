"""Shared helpers for the Orrery profiler scripts (timing, devices, CSV output).

Timing method (the same as the team's calibration script that produced
`shared/calibration/h100-sxm-80gb/`): run the callable `warm` times, synchronize, then
`rep` times record a start event, call it, record an end event, synchronize and read the
elapsed time; report the median in milliseconds. The start event is recorded while the
GPU is idle, so a measurement includes the host's launch cost whenever the GPU would
otherwise starve (small kernels), exactly as eager PyTorch training sees it.

On `--device cpu` (smoke tests only) the events are replaced by `time.perf_counter`
around the call; the numbers then mean nothing for a GPU.
"""
import argparse
import csv
import gc
import os
import platform
import re
import statistics
import sys
import time

import torch


# --------------------------------------------------------------------------- arguments

def base_parser(description):
    """Options every script accepts: --device, --quick, --seed."""
    p = argparse.ArgumentParser(description=description,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--device", default="cuda",
                   help="torch device to measure: cuda (default), cuda:N, or cpu (smoke test)")
    p.add_argument("--quick", action="store_true",
                   help="a handful of tiny shapes, for a smoke test (seconds, any device)")
    p.add_argument("--seed", type=int, default=0, help="torch.manual_seed value (default 0)")
    return p


def int_list(text):
    """'1,2,4' -> [1, 2, 4] (argparse type)."""
    return [int(v) for v in text.split(",") if v.strip()]


def str_list(text):
    """'a,b' -> ['a', 'b'] (argparse type)."""
    return [v.strip() for v in text.split(",") if v.strip()]


def setup_device(name, seed):
    """Resolve the device, seed every generator, and enable what eager training enables."""
    dev = torch.device(name)
    if dev.type == "cuda":
        if not torch.cuda.is_available():
            sys.exit(f"error: --device {name}: torch.cuda is not available "
                     f"(torch {torch.__version__}); use --device cpu for a smoke test")
        if dev.index is None:  # 'cuda' -> 'cuda:<current>': set_device and friends want an index
            dev = torch.device("cuda", torch.cuda.current_device())
        torch.cuda.set_device(dev)
    torch.manual_seed(seed)
    return dev


def is_cuda(dev):
    return torch.device(dev).type == "cuda"


def sync(dev):
    if is_cuda(dev):
        torch.cuda.synchronize(dev)


# --------------------------------------------------------------------------- timing

def median(values):
    """Median; for an odd count the middle element (as the calibration script's
    `sorted(ts)[len // 2]`), for an even count the mean of the two middle ones."""
    return statistics.median(values)


def time_once_ms(fn, dev, setup=None):
    """Wall time of one call of `fn` in milliseconds: CUDA events on a GPU (recorded on the
    current stream, synchronized after the end event), perf_counter on the CPU.
    `setup` runs before the start event and is not timed (e.g. clearing gradients)."""
    if setup is not None:
        setup()
    if is_cuda(dev):
        start = torch.cuda.Event(enable_timing=True)
        end = torch.cuda.Event(enable_timing=True)
        start.record()
        fn()
        end.record()
        torch.cuda.synchronize(dev)
        return start.elapsed_time(end)
    t0 = time.perf_counter()
    fn()
    return (time.perf_counter() - t0) * 1e3


def timed_ms(fn, dev, warm=3, rep=15, setup=None):
    """Median time of `fn` in milliseconds over `rep` timed calls after `warm` untimed ones."""
    for _ in range(warm):
        if setup is not None:
            setup()
        fn()
    sync(dev)
    return median([time_once_ms(fn, dev, setup) for _ in range(rep)])


# --------------------------------------------------------------------------- memory

def free_memory(dev):
    """Drop Python garbage and return cached blocks to the driver (between configurations)."""
    gc.collect()
    if is_cuda(dev):
        torch.cuda.empty_cache()


def total_memory_bytes(dev):
    """Device memory in bytes (host RAM for the CPU)."""
    if is_cuda(dev):
        return torch.cuda.get_device_properties(dev).total_memory
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return 16 * 2**30


def is_oom(ex):
    """True for a CUDA (or host) out-of-memory error."""
    if isinstance(ex, torch.cuda.OutOfMemoryError):
        return True
    return isinstance(ex, (RuntimeError, MemoryError)) and "out of memory" in str(ex).lower()


# --------------------------------------------------------------------------- device naming

def device_name(dev):
    if is_cuda(dev):
        return torch.cuda.get_device_name(dev)
    return platform.processor() or platform.machine() or "cpu"


# Device-name patterns -> Orrery GPU catalog names (Sources/OrreryCore/Hardware). The
# first match wins, so more specific patterns come first. Names that Orrery's catalog does
# not (yet) have are still given in the same lower-case-with-dashes style.
_CATALOG_PATTERNS = [
    (r"gh200", "gh200"),
    (r"gb200", "gb200"),
    (r"b200", "b200"),
    (r"b100", "b100"),
    (r"h200", "h200"),
    (r"h100.*nvl", "h100-nvl"),
    (r"h100.*pcie", "h100-pcie"),
    (r"h100", "h100-sxm"),            # "NVIDIA H100 80GB HBM3" is the SXM part
    (r"h800", "h800-sxm"),
    (r"a100.*pcie.*40|a100-pcie-40", "a100-pcie-40gb"),
    (r"a100.*pcie", "a100-pcie-80gb"),
    (r"a100.*40gb", "a100-sxm-40gb"),
    (r"a100", "a100-sxm-80gb"),
    (r"a800", "a800-sxm-80gb"),
    (r"l40s", "l40s"),
    (r"l40", "l40"),
    (r"\bl4\b", "l4"),
    (r"a10g", "a10g"),
    (r"\ba10\b", "a10"),
    (r"v100", "v100"),
    (r"mi355", "mi355x"),
    (r"mi325", "mi325x"),
    (r"mi300a", "mi300a"),
    (r"mi300", "mi300x"),
    (r"mi250", "mi250x"),
]


def catalog_gpu_name(name):
    """Orrery GPU catalog name for a torch device name ('NVIDIA H100 80GB HBM3' -> 'h100-sxm')."""
    low = name.lower()
    for pattern, catalog in _CATALOG_PATTERNS:
        if re.search(pattern, low):
            return catalog
    low = re.sub(r"^(nvidia|amd|amd instinct)\s+", "", low)
    low = re.sub(r"\b(geforce|instinct|tesla)\s+", "", low)
    return re.sub(r"[^a-z0-9]+", "-", low).strip("-") or "unknown-gpu"


# Marketed memory sizes in GB, for naming a table folder (`h100-sxm-80gb`).
_MARKETED_GB = [8, 12, 16, 24, 32, 40, 48, 64, 80, 94, 96, 128, 141, 144, 180, 192, 256, 288]


def table_dir_name(name, total_bytes):
    """Suggested calibration folder name: catalog name plus marketed memory size
    ('NVIDIA H100 80GB HBM3', 79.6 GiB -> 'h100-sxm-80gb')."""
    base = catalog_gpu_name(name)
    if re.search(r"\d+gb$", base):
        return base
    gib = total_bytes / 2**30
    gb = next((g for g in _MARKETED_GB if g >= gib), round(gib))
    return f"{base}-{gb}gb"


def resolve_gpu_name(override, dev):
    """The `gpu` column: --gpu if given, else the catalog name derived from the device."""
    if override:
        return override
    return catalog_gpu_name(device_name(dev)) if is_cuda(dev) else "cpu"


# --------------------------------------------------------------------------- CSV output

class CSVOut:
    """CSV writer that flushes after each row, so an interrupted run keeps what it measured."""

    def __init__(self, path, columns):
        parent = os.path.dirname(os.path.abspath(path))
        os.makedirs(parent, exist_ok=True)
        self.path = path
        self.columns = columns
        self.file = open(path, "w", newline="")
        self.writer = csv.DictWriter(self.file, fieldnames=columns)
        self.writer.writeheader()
        self.file.flush()
        self.rows = 0

    def row(self, **values):
        missing = [c for c in self.columns if c not in values]
        if missing:
            raise KeyError(f"{self.path}: row lacks {missing}")
        self.writer.writerow({c: values[c] for c in self.columns})
        self.file.flush()
        self.rows += 1

    def close(self):
        self.file.close()


def log(*parts):
    print(*parts, file=sys.stderr, flush=True)
