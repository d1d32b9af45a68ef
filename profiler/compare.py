#!/usr/bin/env python3
"""Compare a profiler CSV (measured) with Orrery's batch estimate of the same file.

    orrery estimate --scenarios layers.csv --format csv > layers.pred.csv
    python3 profiler/compare.py layers.csv layers.pred.csv [--out cmp.csv]

An Orrery whose batch reader rejects columns it does not know (the measured_* ones) gets
the input columns alone from

    python3 profiler/compare.py --inputs-only layers.csv --out layers.in.csv
    orrery estimate --scenarios layers.in.csv --format csv > layers.pred.csv

Rows are joined by `name` (the profiler writes a unique one per row; Orrery echoes it).
For each pair of columns present in both files it prints predicted / measured per row
and a summary: count, geometric mean of the ratio, median and worst |ratio - 1|.

  measured_fwd_ms            <-> fwd_ms
  measured_fwdbwd_ms         <-> fwdbwd_ms
  measured_activation_bytes  <-> activation_bytes
  measured_step_time_s       <-> step_time_s
  measured_peak_memory_gib   <-> peak_memory_gib
  measured_latency_ms        <-> latency_ms
  measured_oom               <-> fits   (agreement: oom=1 exactly when fits=0)

Standard library only.
"""
import argparse
import csv
import math
import statistics
import sys

PAIRS = [
    ("measured_fwd_ms", "fwd_ms"),
    ("measured_fwdbwd_ms", "fwdbwd_ms"),
    ("measured_activation_bytes", "activation_bytes"),
    ("measured_step_time_s", "step_time_s"),
    ("measured_peak_memory_gib", "peak_memory_gib"),
    ("measured_latency_ms", "latency_ms"),
]


def read(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def number(text):
    try:
        v = float(text)
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) else None


def truthy(text):
    return str(text).strip().lower() in ("1", "true", "yes")


def write_inputs_only(path, out_path):
    """Copy the CSV at `path` without the measured_* columns."""
    rows = read(path)
    with open(path, newline="") as f:
        header = next(csv.reader(f), [])
    cols = [c for c in header if not c.startswith("measured_")]
    out = open(out_path, "w", newline="") if out_path else sys.stdout
    try:
        w = csv.DictWriter(out, fieldnames=cols, extrasaction="ignore", lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    finally:
        if out_path:
            out.close()


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("measured", help="CSV written by layers.py or steps.py")
    p.add_argument("predicted", nargs="?", help="CSV written by `orrery estimate --scenarios MEASURED --format csv`")
    p.add_argument("--out", help="also write the per-row ratios to this CSV (with --inputs-only: the inputs)")
    p.add_argument("--inputs-only", action="store_true",
                   help="write MEASURED without its measured_* columns (to --out, else stdout) and stop")
    args = p.parse_args()
    if args.inputs_only:
        write_inputs_only(args.measured, args.out)
        return
    if not args.predicted:
        p.error("the predicted CSV is required (unless --inputs-only)")

    measured = read(args.measured)
    predicted = {r.get("name"): r for r in read(args.predicted)}
    pairs = [(m, o) for m, o in PAIRS if measured and m in measured[0]
             and predicted and o in next(iter(predicted.values()))]
    check_fits = bool(measured) and "measured_oom" in measured[0] and predicted \
        and "fits" in next(iter(predicted.values()))
    if not pairs and not check_fits:
        sys.exit("error: no measured/predicted column pair in common (is the second file Orrery's output?)")

    ratios = {m: [] for m, _ in pairs}
    fits_agree = fits_total = 0
    out_rows = []
    for row in measured:
        pred = predicted.get(row.get("name"))
        if pred is None:
            print(f"{row.get('name')}: no predicted row", file=sys.stderr)
            continue
        if pred.get("error"):
            print(f"{row['name']}: orrery error: {pred['error']}", file=sys.stderr)
            continue
        entry = {"name": row["name"]}
        for m, o in pairs:
            mv, pv = number(row.get(m)), number(pred.get(o))
            if mv and pv is not None and mv > 0:
                ratios[m].append(pv / mv)
                entry[f"{o}_ratio"] = f"{pv / mv:.4f}"
            else:
                entry[f"{o}_ratio"] = ""
        if check_fits and row.get("measured_oom", "") != "":
            fits_total += 1
            agree = truthy(row["measured_oom"]) != truthy(pred.get("fits"))
            fits_agree += agree
            entry["fits_agree"] = int(agree)
        out_rows.append(entry)

    print("column,rows,geomean_pred_over_meas,median_abs_err,worst_abs_err")
    for m, o in pairs:
        rs = [r for r in ratios[m] if r > 0]
        if not rs:
            print(f"{o},0,,,")
            continue
        gm = math.exp(sum(math.log(r) for r in rs) / len(rs))
        errs = [abs(r - 1) for r in rs]
        print(f"{o},{len(rs)},{gm:.4f},{statistics.median(errs):.4f},{max(errs):.4f}")
    if check_fits:
        print(f"fits,{fits_total},agree {fits_agree}/{fits_total},,")

    if args.out:
        cols = ["name"] + [f"{o}_ratio" for _, o in pairs] + (["fits_agree"] if check_fits else [])
        with open(args.out, "w", newline="") as f:
            w = csv.DictWriter(f, fieldnames=cols, extrasaction="ignore")
            w.writeheader()
            for e in out_rows:
                w.writerow({c: e.get(c, "") for c in cols})


if __name__ == "__main__":
    main()
