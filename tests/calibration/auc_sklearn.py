"""The figures of `leadqual backtest` and `leadqual calibrate` on the two real data sets, checked
against an independent computation: scikit-learn's roc_auc_score (Debian's python3-sklearn, used
only here) on the scores `leadqual score` gives each row. Also the issue's targets: X Education
without its post-contact columns >= 0.85 held-out AUC with at most 40 point entries, bank
marketing without `duration` >= 0.78.

    auc_sklearn.py LEADQUAL DATA_DIR MODELS_DIR SCRATCH_DIR
"""
import csv
import json
import os
import subprocess
import sys

from sklearn.metrics import roc_auc_score

leadqual, data_dir, models_dir, scratch = sys.argv[1:5]
os.makedirs(scratch, exist_ok=True)
failures = []

X_EDUCATION_LEAKY = ",".join([
    "Tags", "Lead Quality", "Lead Profile", "Asymmetrique Activity Index",
    "Asymmetrique Profile Index", "Asymmetrique Activity Score", "Asymmetrique Profile Score",
    "Last Activity", "Last Notable Activity"])


def run(*args):
    done = subprocess.run([leadqual, *args], capture_output=True, text=True)
    return done


def outcomes(path, column, positive):
    with open(path, newline="", encoding="utf-8-sig") as f:
        sample = f.readline()
        f.seek(0)
        delimiter = ";" if sample.count(";") > sample.count(",") else ","
        rows = list(csv.reader(f, delimiter=delimiter))
    index = rows[0].index(column)
    # CSV line numbers: the header is line 1 and no field of these files spans lines.
    return {line: row[index] == positive for line, row in enumerate(rows[1:], start=2)}


def scores(model, path):
    done = run("score", model, path, "--output", "jsonl", "--now", "2026-11-22")
    lines = done.stdout.splitlines()
    return {line: json.loads(text)["score"] for line, text in enumerate(lines, start=2)}


def check(name, condition, detail):
    print(("ok   " if condition else "FAIL ") + name + ": " + detail)
    if not condition:
        failures.append(name)


def calibrated(data_set, csv_name, outcome, positive, exclude, target_auc):
    history = os.path.join(data_dir, csv_name)
    starter = os.path.join(models_dir, data_set + "-starter.json")
    model = os.path.join(scratch, data_set + "-calibrated.json")
    report = os.path.join(scratch, data_set + "-report.json")
    done = run("calibrate", starter, history, "--outcome", outcome, "--exclude", exclude,
               "--stages", "sql=10%,mql=30%", "--report", report)
    check(data_set + " calibrates", done.returncode == 0, done.stderr[-300:])
    with open(model, "w") as f:
        f.write(done.stdout)
    valid = run("validate", model)
    check(data_set + " validates", valid.returncode == 0, valid.stdout.strip() or valid.stderr)
    with open(report) as f:
        figures = json.load(f)
    truth = outcomes(history, outcome, positive)
    score = scores(model, history)
    lines = figures["holdout_lines"]
    independent = roc_auc_score([truth[line] for line in lines], [score[line] for line in lines])
    check(data_set + " holdout AUC as reported", abs(independent - figures["auc"]) <= 0.0005,
          "leadqual %.4f, scikit-learn %.4f on %d rows" % (figures["auc"], independent, len(lines)))
    check(data_set + " holdout AUC target", independent >= target_auc,
          "%.4f >= %.2f" % (independent, target_auc))
    check(data_set + " point entries", figures["entries"] <= 40, "%d <= 40" % figures["entries"])
    # The backtest's AUC over every row against scikit-learn's.
    backtest = run("backtest", model, history, "--outcome", outcome, "--format", "json")
    reported = json.loads(backtest.stdout)["auc"]
    every = sorted(truth)
    independent = roc_auc_score([truth[line] for line in every], [score[line] for line in every])
    check(data_set + " backtest AUC", abs(independent - reported) <= 0.0005,
          "leadqual %.4f, scikit-learn %.4f on %d rows" % (reported, independent, len(every)))


calibrated("x-education", "x-education-leads.csv", "Converted", "1", X_EDUCATION_LEAKY, 0.85)
calibrated("bank-marketing", "bank-additional-full.csv", "y", "yes", "duration", 0.78)

# A hand-made model with ties: the histogram AUC must still be scikit-learn's.
bank = os.path.join(data_dir, "bank-additional-full.csv")
hand = os.path.join(models_dir, "bank-marketing.json")
backtest = json.loads(run("backtest", hand, bank, "--outcome", "y", "--format", "json").stdout)
truth = outcomes(bank, "y", "yes")
score = scores(hand, bank)
independent = roc_auc_score([truth[l] for l in sorted(truth)], [score[l] for l in sorted(truth)])
check("hand-made model backtest AUC", abs(independent - backtest["auc"]) <= 0.0005,
      "leadqual %.4f, scikit-learn %.4f" % (backtest["auc"], independent))

sys.exit(1 if failures else 0)
