"""Runs `precis batch` over a JSON Lines corpus on Apache Spark.

Precis's batch mode is a stateless line-in, line-out filter, which is what `RDD.pipe` runs: the
corpus is split into partitions, each partition's lines go through one `precis batch` process
on whichever executor holds it, and the result lines come back in the partition's order (one
output line per input line, by the contract of `precis batch`; a partition that comes back
short, or a precis that stops on its configuration, fails the task with precis's message).

Local:   python scripts/spark-batch.py corpus.jsonl out/ --master 'local[2]'
Cluster: scripts/package precis.tar.gz
         spark-submit --master yarn --archives precis.tar.gz#precis \\
           scripts/spark-batch.py hdfs:///corpus.jsonl hdfs:///briefs \\
           --precis ./precis/precis --pipeline ./precis/pipeline.yaml
(precis.tar.gz holds a release binary that needs only the C library, pipeline.yaml and
lexicons/. A relative --precis or --pipeline is looked for in the executor's working folder,
where YARN unpacks --archives, then among Spark's shipped files, where local mode does.)
"""
import argparse
import os
import subprocess
import sys
import threading

from pyspark import SparkConf, SparkContext


def on_executor(path):
    """A relative path as an executor finds it: in its working folder (where YARN unpacks
    --archives and --files), else among Spark's shipped files (where local mode puts them)."""
    if os.path.isabs(path) or os.path.exists(path):
        return path
    from pyspark import SparkFiles
    shipped = os.path.join(SparkFiles.getRootDirectory(), path)
    return shipped if os.path.exists(shipped) else path


def briefs(precis, options):
    """The function that runs a partition's lines (UTF-8 bytes) through one `precis batch`.
    (Spark's text reader has already replaced what was not UTF-8 with U+FFFD, as `--lossy`
    does, but without its warning.)"""

    def run(lines):
        command = [on_executor(precis), "batch", "-", "--jobs", "1"]
        for name, value in options:
            command += [name, on_executor(value) if name == "--pipeline" else value]
        process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE)
        sent = [0]
        said = []
        failed = []

        def feed():
            try:
                for line in lines:
                    process.stdin.write(line.rstrip(b"\n") + b"\n")
                    sent[0] += 1
            except BrokenPipeError:
                pass  # precis stopped: its exit status and message say why
            except BaseException as error:  # reading the partition failed: the task must too
                failed.append(error)
            finally:
                try:
                    process.stdin.close()
                except BrokenPipeError:
                    pass

        def relay():
            # precis's warnings and closing summary go to the executor's log; the last of them
            # into the error of a task that fails.
            for line in process.stderr:
                sys.stderr.write(line.decode("utf-8", "replace"))
                said.append(line.decode("utf-8", "replace").rstrip("\n"))
                del said[:-20]

        threads = [threading.Thread(target=feed), threading.Thread(target=relay)]
        for thread in threads:
            thread.start()
        received = 0
        for line in process.stdout:
            received += 1
            yield line.rstrip(b"\n").decode("utf-8")
        for thread in threads:
            thread.join()
        status = process.wait()
        if failed:
            raise failed[0]
        # 1 is records that failed, each with its error result; 2 and up stop the whole run.
        if status >= 2 or status < 0 or received != sent[0]:
            raise RuntimeError(f"{' '.join(command)} exited with status {status} after {received} results "
                               f"for {sent[0]} records: " + " / ".join(said))

    return run


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
    parser.add_argument("--archives", default=None,
                        help="archives to ship to the executors, as spark-submit's --archives "
                             "(precis.tar.gz#precis), for a run started with python rather than spark-submit")
    parser.add_argument("--master", default=None, help="Spark master (default: spark-submit's)")
    parser.add_argument("--collect", action="store_true", help="print the results instead of saving them")
    args = parser.parse_args()

    conf = SparkConf().setAppName("precis-batch")
    if args.master:
        conf.setMaster(args.master)
    if args.archives:
        conf.set("spark.archives", args.archives)
    context = SparkContext(conf=conf)
    context.setLogLevel("ERROR")
    options = []
    if args.pipeline:
        options.append(("--pipeline", args.pipeline))
    if args.max_record_bytes:
        options.append(("--max-record-bytes", args.max_record_bytes))
    lines = context.textFile(args.input, minPartitions=args.partitions or context.defaultParallelism,
                             use_unicode=False)
    # Blank lines give no result in `precis batch`; leave them out so that lines pair up.
    results = lines.filter(lambda line: line.strip(b" \t\r") != b"").mapPartitions(briefs(args.precis, options))
    if args.collect:
        for line in results.collect():
            sys.stdout.write(line + "\n")
    else:
        results.saveAsTextFile(args.output)
    context.stop()


if __name__ == "__main__":
    main()
