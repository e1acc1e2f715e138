"""Runs `precis batch` over a JSON Lines corpus on Apache Spark.

Precis's batch mode is a stateless line-in, line-out filter, which is what `RDD.pipe` runs: the
corpus is split into partitions, each partition's lines go through one `precis batch` process
on whichever executor holds it, and the result lines come back in the partition's order (one
output line per input line, by the contract of `precis batch`).

Local:   python scripts/spark-batch.py corpus.jsonl out/ --master 'local[2]'
Cluster: spark-submit --master yarn --archives precis.tar.gz#precis \\
           scripts/spark-batch.py hdfs:///corpus.jsonl hdfs:///briefs \\
           --precis ./precis/precis --pipeline ./precis/pipeline.yaml
(precis.tar.gz holds the release binary, pipeline.yaml and lexicons/; executors need the ICU and
libstemmer shared libraries, as on the machine that built the binary.)
"""
import argparse
import os
import shlex
import sys

from pyspark import SparkConf, SparkContext


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("input", help="JSON Lines corpus (a path Spark can read)")
    parser.add_argument("output", help="folder for the result JSON Lines (Spark's part files)")
    parser.add_argument("--precis", default="precis", help="the precis binary on the executors")
    parser.add_argument("--pipeline", default=None, help="the pipeline file on the executors")
    parser.add_argument("--partitions", type=int, default=None, help="number of partitions")
    parser.add_argument("--max-record-bytes", default=None,
                        help="passed to precis batch: a longer line gives an error result (4M, say), "
                             "which keeps a record too large for the executor's memory from killing it")
    parser.add_argument("--master", default=None, help="Spark master (default: spark-submit's)")
    parser.add_argument("--collect", action="store_true", help="print the results instead of saving them")
    args = parser.parse_args()

    conf = SparkConf().setAppName("precis-batch")
    if args.master:
        conf.setMaster(args.master)
    context = SparkContext(conf=conf)
    context.setLogLevel("ERROR")
    command = [args.precis, "batch", "-", "--jobs", "1"]
    if args.pipeline:
        command += ["--pipeline", args.pipeline]
    if args.max_record_bytes:
        command += ["--max-record-bytes", args.max_record_bytes]
    lines = context.textFile(args.input, minPartitions=args.partitions or context.defaultParallelism)
    # Blank lines give no result in `precis batch`; leave them out so that lines pair up.
    results = lines.filter(lambda line: line.strip() != "").pipe(" ".join(shlex.quote(part) for part in command))
    if args.collect:
        for line in results.collect():
            sys.stdout.write(line + "\n")
    else:
        results.saveAsTextFile(args.output)
    context.stop()


if __name__ == "__main__":
    main()
