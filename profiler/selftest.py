#!/usr/bin/env python3
"""CPU self-check of the profiler scripts (needs only torch; no GPU, a few seconds).

    python3 profiler/selftest.py

Checks: the default kernel grids equal the shipped H100 tables' rows (when
../shared/calibration/h100-sxm-80gb is found); the KV-cache paths of models.Llama give the
same logits as a full causal forward; full recompute gives the same gradients; the
saved-activation count of a GPT layer is in the known range (about 32-34 bytes per token
per hidden unit with fused attention); device names map to Orrery catalog names; each
script's --quick --device cpu run writes the documented columns; compare.py's ratios; an out-of-memory config
is recorded (steps.py) or skipped (layers.py) and the run goes on.
"""
import csv
import os
import subprocess
import sys
import tempfile
import unittest
from unittest import mock

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import common  # noqa: E402
import kernels  # noqa: E402
import layers  # noqa: E402
import models  # noqa: E402
import steps  # noqa: E402


def find_shipped_tables():
    """The shipped H100 tables: shared/ beside the checkout (DESIGN.md's `../shared`)."""
    for root in (os.path.join(HERE, "..", "..", "shared"), os.path.join(HERE, "..", "shared")):
        path = os.path.join(root, "calibration", "h100-sxm-80gb")
        if os.path.isdir(path):
            return path
    return None


def read_csv(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


class KernelGrids(unittest.TestCase):
    def setUp(self):
        self.dir = find_shipped_tables()
        if self.dir is None:
            self.skipTest("shared/calibration/h100-sxm-80gb not found")

    def test_gemm_grid(self):
        rows = read_csv(os.path.join(self.dir, "gemm.csv"))
        self.assertEqual([(int(r["m"]), int(r["n"]), int(r["k"])) for r in rows],
                         kernels.gemm_shapes(kernels.FULL))

    def test_attention_grid(self):
        rows = read_csv(os.path.join(self.dir, "attention.csv"))
        keys = [(int(r["batch"]), int(r["heads"]), int(r["kv_heads"]), int(r["seq"]), int(r["head_dim"]))
                for r in rows]
        self.assertEqual(keys, kernels.attention_shapes(kernels.FULL))

    def test_elementwise_grid(self):
        rows = read_csv(os.path.join(self.dir, "elementwise.csv"))
        ops = ["layernorm", "rmsnorm", "gelu_tanh", "silu_mul", "add"]
        mine = [(op, r, c) for r, c in kernels.elementwise_shapes(kernels.FULL) for op in ops]
        mine += [("cross_entropy_fp32", r, v) for r, v in kernels.cross_entropy_shapes(kernels.FULL)]
        self.assertEqual([(r["op"], int(r["rows"]), int(r["cols"])) for r in rows], mine)


class Models(unittest.TestCase):
    def test_llama_cache_matches_full_forward(self):
        torch.manual_seed(0)
        m = models.Llama(2, 64, 4, 2, 128, 100, 64).finish().eval()
        idx = torch.randint(0, 100, (2, 24))
        with torch.no_grad():
            full = m(idx, [None, None], last_only=False)
            cache = m.new_cache(2, 24, "cpu", torch.float32)
            last = m(idx[:, :20], cache, pos=0, last_only=True)          # prefill 20
            four = m(idx[:, 20:], cache, pos=20, last_only=False)        # verify 4 at once
            cache1 = m.new_cache(2, 24, "cpu", torch.float32)
            m(idx[:, :23], cache1, pos=0)
            one = m(idx[:, 23:], cache1, pos=23, last_only=False)        # plain decode
        torch.testing.assert_close(last[:, 0], full[:, 19], rtol=1e-4, atol=1e-5)
        torch.testing.assert_close(four, full[:, 20:], rtol=1e-4, atol=1e-5)
        torch.testing.assert_close(one[:, 0], full[:, 23], rtol=1e-4, atol=1e-5)

    def test_recompute_same_gradients(self):
        for arch in ("gpt", "llama"):
            torch.manual_seed(0)
            layer = models.finish_layer(models.build_layer(arch, 64, 4, 2 if arch == "llama" else 4, 256, 1, 16))
            x = torch.randn(2, 16, 64, requires_grad=True)
            g = torch.randn(2, 16, 64)
            layer(x).backward(g)
            ref = [p.grad.clone() for p in layer.parameters()] + [x.grad.clone()]
            layer.zero_grad(set_to_none=True)
            x.grad = None
            torch.utils.checkpoint.checkpoint(layer, x, use_reentrant=False).backward(g)
            got = [p.grad for p in layer.parameters()] + [x.grad]
            for a, b in zip(ref, got):
                torch.testing.assert_close(a, b)

    def test_gpt_activation_bytes_in_known_range(self):
        # Korthikanti et al. 2022 (Reducing Activation Recomputation, sec. 4.1) count
        # 34*s*b*h bytes per GPT layer in 16-bit, plus 5*a*s^2*b for the attention matrices;
        # 2*s*b*h of the 34 are dropout masks. With fused attention (no s^2 terms) and no
        # dropout a layer saves about 32 s*b*h bytes.
        torch.manual_seed(0)
        with models.build_on("cpu", torch.bfloat16):
            layer = models.build_layer("gpt", 128, 2, 2, 512, 1, 64)
        x = torch.randn(2, 64, 128, dtype=torch.bfloat16, requires_grad=True)
        ptrs = {p.untyped_storage().data_ptr() for p in layer.parameters()}
        _, saved = layers.saved_storage_bytes(lambda: layer(x), ptrs)
        sbh = 2 * 64 * 128
        self.assertGreater(saved / sbh, 30)
        self.assertLess(saved / sbh, 36)
        _, saved_full = layers.saved_storage_bytes(
            lambda: torch.utils.checkpoint.checkpoint(layer, x, use_reentrant=False), ptrs)
        self.assertEqual(saved_full, 2 * sbh)       # only the layer input x, bf16

    def test_gpt_tied_and_loss_finite(self):
        torch.manual_seed(0)
        gpt = models.GPT(2, 64, 4, 256, 32)
        self.assertIs(gpt.wte.weight, gpt.lm_head.weight)
        idx = torch.randint(0, 256, (2, 32))
        logits, loss = gpt(idx, idx)
        self.assertEqual(tuple(logits.shape), (2, 32, 256))
        self.assertTrue(torch.isfinite(loss))
        self.assertLess(loss.item(), 2 * torch.log(torch.tensor(256.0)).item())


class Naming(unittest.TestCase):
    def test_catalog_names(self):
        cases = {
            "NVIDIA H100 80GB HBM3": "h100-sxm", "NVIDIA H100 PCIe": "h100-pcie", "NVIDIA H100 NVL": "h100-nvl",
            "NVIDIA H200": "h200", "NVIDIA GH200 480GB": "gh200", "NVIDIA B200": "b200",
            "NVIDIA A100-SXM4-80GB": "a100-sxm-80gb", "NVIDIA A100-SXM4-40GB": "a100-sxm-40gb",
            "NVIDIA A100 80GB PCIe": "a100-pcie-80gb", "NVIDIA A100-PCIE-40GB": "a100-pcie-40gb",
            "NVIDIA L40S": "l40s", "NVIDIA L4": "l4", "NVIDIA A10G": "a10g",
            "AMD Instinct MI300X": "mi300x", "NVIDIA GeForce RTX 4090": "rtx-4090",
        }
        for name, want in cases.items():
            self.assertEqual(common.catalog_gpu_name(name), want, name)

    def test_table_dir_name(self):
        self.assertEqual(common.table_dir_name("NVIDIA H100 80GB HBM3", 85_520_809_984), "h100-sxm-80gb")
        self.assertEqual(common.table_dir_name("NVIDIA A100-SXM4-80GB", 85_097_971_712), "a100-sxm-80gb")


class ScriptsRun(unittest.TestCase):
    """Each script end to end on the CPU with --quick, checking the written columns."""

    def run_script(self, *argv):
        proc = subprocess.run([sys.executable, os.path.join(HERE, argv[0]), "--device", "cpu", "--quick",
                               *argv[1:]], capture_output=True, text=True, timeout=600)
        self.assertEqual(proc.returncode, 0, proc.stderr[-2000:])

    def test_kernels(self):
        with tempfile.TemporaryDirectory() as d:
            self.run_script("kernels.py", "--out", d)
            for name, cols in [("gemm.csv", "m,n,k,dtype,ms_median,tflops"),
                               ("attention.csv", "batch,heads,kv_heads,seq,head_dim,causal,fwd_ms,fwdbwd_ms"),
                               ("elementwise.csv", "op,rows,cols,fwd_ms,fwdbwd_ms,fwd_bytes"),
                               ("overhead.csv", "what,us_per_op")]:
                with open(os.path.join(d, name)) as f:
                    self.assertEqual(f.readline().strip(), cols, name)
            ops = {r["op"] for r in read_csv(os.path.join(d, "elementwise.csv"))}
            self.assertEqual(ops, {"layernorm", "rmsnorm", "gelu_tanh", "silu_mul", "add", "cross_entropy_fp32"})
            whats = [r["what"] for r in read_csv(os.path.join(d, "overhead.csv"))]
            for w in ("forward_op", "linear_op", "backward_node", "backward_call", "event_floor"):
                self.assertIn(w, whats)
            self.assertTrue(os.path.exists(os.path.join(d, "device.json")))

    def test_layers(self):
        with tempfile.TemporaryDirectory() as d:
            out = os.path.join(d, "layers.csv")
            self.run_script("layers.py", "--out", out)
            rows = read_csv(out)
            self.assertEqual(list(rows[0].keys()), layers.COLUMNS)
            self.assertEqual(len(rows), 32)
            self.assertTrue(all(float(r["measured_fwdbwd_ms"]) > 0 for r in rows))

    def test_steps(self):
        with tempfile.TemporaryDirectory() as d:
            out = os.path.join(d, "steps.csv")
            self.run_script("steps.py", "--out", out)
            rows = read_csv(out)
            self.assertEqual(list(rows[0].keys()), steps.TRAIN_COLUMNS)
            self.assertEqual({r["measured_oom"] for r in rows}, {"0"})
            out = os.path.join(d, "inference.csv")
            self.run_script("steps.py", "--inference", "--out", out)
            rows = read_csv(out)
            self.assertEqual(list(rows[0].keys()), steps.INFER_COLUMNS)
            self.assertEqual({r["scope"] for r in rows}, {"prefill", "decode"})


class DryRun(unittest.TestCase):
    """--dry-run lists the default grids (measured columns empty) without building anything."""

    def run_dry(self, script, *argv):
        with tempfile.TemporaryDirectory() as d:
            out = os.path.join(d, "rows.csv")
            proc = subprocess.run([sys.executable, os.path.join(HERE, script), "--device", "cpu", "--dry-run",
                                   "--gpu", "h100-sxm", "--out", out, *argv], capture_output=True, text=True)
            self.assertEqual(proc.returncode, 0, proc.stderr[-2000:])
            return read_csv(out)

    def test_default_grids(self):
        rows = self.run_dry("layers.py")
        self.assertEqual(len(rows), 594)     # 9 shapes x tp (minus non-dividing kv) x 3 seq x 3 mb x 2
        self.assertEqual({r["scope"] for r in rows}, {"layer"})
        rows = self.run_dry("steps.py")
        self.assertEqual(len(rows), 32)      # 4 models x 4 micro-batches x 2 recompute
        rows = self.run_dry("steps.py", "--inference")
        self.assertEqual(len(rows), 4 * 7 + 7 * 5)


class Compare(unittest.TestCase):
    def test_ratios_against_a_synthetic_prediction(self):
        with tempfile.TemporaryDirectory() as d:
            meas, pred = os.path.join(d, "m.csv"), os.path.join(d, "p.csv")
            with open(meas, "w") as f:
                f.write("name,measured_fwd_ms,measured_oom\na,2.0,0\nb,4.0,1\n")
            with open(pred, "w") as f:
                f.write("name,fwd_ms,fits,error\na,3.0,1,\nb,2.0,1,\n")
            proc = subprocess.run([sys.executable, os.path.join(HERE, "compare.py"), meas, pred,
                                   "--out", os.path.join(d, "c.csv")], capture_output=True, text=True)
            self.assertEqual(proc.returncode, 0, proc.stderr)
            self.assertIn("fwd_ms,2,0.8660,0.5000,0.5000", proc.stdout)   # sqrt(1.5 * 0.5)
            self.assertIn("fits,2,agree 1/2", proc.stdout)
            rows = read_csv(os.path.join(d, "c.csv"))
            self.assertEqual([r["fwd_ms_ratio"] for r in rows], ["1.5000", "0.5000"])
            proc = subprocess.run([sys.executable, os.path.join(HERE, "compare.py"), "--inputs-only", meas],
                                  capture_output=True, text=True)
            self.assertEqual(proc.stdout, "name\na\nb\n")


class OutOfMemory(unittest.TestCase):
    def test_steps_records_oom_and_continues(self):
        real = steps.measure_training

        def flaky(layers_, hidden, heads, vocab, seq, mb, recompute, n, dev, seed):
            if mb == 2:
                raise torch.cuda.OutOfMemoryError("CUDA out of memory. Tried to allocate 2.00 GiB")
            return real(layers_, hidden, heads, vocab, seq, mb, recompute, n, dev, seed)

        with tempfile.TemporaryDirectory() as d, mock.patch.object(steps, "measure_training", flaky):
            out = os.path.join(d, "s.csv")
            with mock.patch.object(sys, "argv", ["steps.py", "--device", "cpu", "--quick", "--out", out,
                                                 "--steps", "3"]):
                steps.main()
            rows = read_csv(out)
        self.assertEqual([r["measured_oom"] for r in rows], ["0", "0", "1", "1"])
        self.assertEqual(rows[2]["measured_step_time_s"], "")

    def test_layers_skips_oom_and_continues(self):
        real = layers.measure_config

        def flaky(layer, sh, tp, seq, mb, recompute, dev):
            if recompute == "none" and seq == 64:
                raise torch.cuda.OutOfMemoryError("CUDA out of memory.")
            return real(layer, sh, tp, seq, mb, recompute, dev)

        with tempfile.TemporaryDirectory() as d, mock.patch.object(layers, "measure_config", flaky):
            out = os.path.join(d, "l.csv")
            with mock.patch.object(sys, "argv", ["layers.py", "--device", "cpu", "--quick", "--out", out,
                                                 "--arch", "gpt", "--tp", "1"]):
                layers.main()
            rows = read_csv(out)
        self.assertEqual(len(rows), 6)
        self.assertFalse(any(r["seq_len"] == "64" and r["recompute"] == "none" for r in rows))


if __name__ == "__main__":
    unittest.main(verbosity=2)
