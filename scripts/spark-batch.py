"""Runs `precis batch` over a JSON Lines corpus on Apache Spark.

Precis's batch mode is a stateless line-in, line-out filter, which is what `RDD.pipe` runs: the
corpus's lines are read as the bytes they are (split at line feeds only, as `precis batch`
splits them), in partitions; each partition's lines go through `precis batch` (one process for
each split of a file it holds) on whichever executor holds it; and the results are saved in input order, one output line per
input line (by the contract of `precis batch`; a partition that comes back short, or a precis
that stops on its configuration, fails the task with precis's message). A failed record's error
gives its line in its file (and, when the corpus has several files, the file), as a single
`precis batch` of that file would; a first pass over the corpus counts the lines of its splits.
With --terms (or --update-terms), each split's `precis batch` also saves the term counts of its
records (--terms-counts), and the driver adds them up in input order (`precis terms --merge`)
into the worklist a single `precis batch --terms` of the corpus writes.

Local:   python scripts/spark-batch.py corpus.jsonl out/ --master 'local[2]'
Cluster: scripts/package precis.tar.gz
         spark-submit --master yarn --archives precis.tar.gz#precis \\
           scripts/spark-batch.py hdfs:///corpus.jsonl hdfs:///briefs \\
           --precis ./precis/precis --pipeline ./precis/pipeline.yaml [--cache-dir /var/tmp/precis-cache] \\
           [--terms worklist.tsv]
(precis.tar.gz holds a release binary that needs only the C library, pipeline.yaml and
lexicons/. A relative --precis or --pipeline is looked for in the executor's working folder,
where YARN unpacks --archives, then among Spark's shipped files, where local mode does. With
--cache-dir, a folder of each machine its containers can write, a machine compiles a large
glossary once for all of them: copies of one build share compiled glossaries.)
"""
import argparse
import collections
import json
import os
import itertools
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import urllib.parse

from pyspark import SparkConf, StorageLevel
from pyspark.sql import SparkSession
from pyspark.sql.functions import col


def on_executor(path):
    """A relative path as an executor finds it: in its working folder (where YARN unpacks
    --archives and --files), else among Spark's shipped files (where local mode puts them)."""
    if os.path.isabs(path) or os.path.exists(path):
        return path
    from pyspark import SparkFiles
    shipped = os.path.join(SparkFiles.getRootDirectory(), path)
    return shipped if os.path.exists(shipped) else path


def corpus_lines(spark, path, partitions):
    """The corpus's lines, each with a key that sorts them in input order (its file, where its
    split of the file starts, its place in the split), as an RDD of (key, line) in at least
    about `partitions` partitions. The lines are the files' bytes as they are, split at line
    feeds only: Spark's SQL text source keeps a line's bytes, which its values cast to binary
    give back. (`SparkContext.textFile` decodes each line into a Java string: bytes that are not
    UTF-8 came back as U+FFFD, with none of the error or warning `precis batch` gives for them,
    and a carriage return alone ended a line, making two results of one record.)"""
    version = tuple(int(part) for part in spark.version.split(".")[:2] if part.isdigit())
    if version < (3, 3):
        # (The `_metadata` column, which tells each line's file and split, came with Spark 3.3.)
        raise SystemExit(f"spark-batch.py needs Spark 3.3 or later; this is Spark {spark.version}")
    spark.conf.set("spark.sql.files.minPartitionNum", str(partitions))
    spark.conf.set("spark.sql.files.openCostInBytes", "0")
    frame = spark.read.option("lineSep", "\n").text(path)
    rows = frame.select(col("value").cast("binary"), col("_metadata.file_path"),
                        col("_metadata.file_block_start")).rdd

    def keyed(rows):
        # A split's lines are read in order, one after another, within one partition.
        split, place = None, 0
        for line, file, start in rows:
            if (file, start) != split:
                split, place = (file, start), 0
            yield (file, start, place), bytes(line)
            place += 1

    return rows.mapPartitions(keyed), len(frame.inputFiles())


def first_lines(lines):
    """The number of the first line of each split of the corpus's files, {(file, start):
    number}, counting from 1 in each file: a pass over the corpus that counts each split's
    lines."""
    counts = lines.map(lambda record: record[0][:2]).countByValue()
    numbers = {}
    for file in sorted({file for file, _ in counts}):
        number = 1
        for start in sorted(start for other, start in counts if other == file):
            numbers[(file, start)] = number
            number += counts[(file, start)]
    return numbers


# A failed record's result as `precis batch` writes it: sorted keys, the line number after the
# column (when there is one) and the kind.
ERROR_LINE = re.compile(r'^(\{"error":\{(?:"column":\d+,)?)("kind":"[a-z]+",)"line":\d+,')


def numbered(result, key, numbers, name_file):
    """A failed record's result with the line number it has in its file (`precis batch`
    counted the lines of its partition, blank lines left out), and its file when the corpus has
    several, in place of the partition's."""
    match = ERROR_LINE.match(result)
    if not match or key is None or key[:2] not in numbers:
        return result
    line = numbers[key[:2]] + key[2]
    file = f'"file":{json.dumps(key[0], ensure_ascii=False)},' if name_file else ""
    return f'{match.group(1)}{file}{match.group(2)}"line":{line},{result[match.end():]}'


def precis_command(precis, subcommand, options):
    """The command line that runs `precis SUBCOMMAND` with `options` ((name, value or None)), its
    relative paths found as `on_executor` finds them."""
    command = [on_executor(precis), subcommand]
    for name, value in options:
        command += [name] if value is None else [name, on_executor(value) if name == "--pipeline" else value]
    return command


def briefs(precis, options, numbers, name_file, cache_dir=None, names=None):
    """The function that runs a partition's records, (key, line) with the line's UTF-8 bytes,
    through `precis batch`, one process for each split of a file the partition holds, and gives
    each record's key with its result (a failed record's numbered in its file, by `numbered`);
    `cache_dir`, when given, is the precis processes' PRECIS_CACHE_DIR. With `names` (a
    record's name in the terms' notes, from its key), each precis also counts the terms no
    glossary covers (`--terms-counts`), and the function gives, after a split's results, `None`
    with the key of the split's first record and the bytes of its counts."""

    def run(records):
        # (A partition may hold the splits of several files, whose counts must be added in the
        # files' order, not the partition's: each split is counted apart.)
        for _, split in itertools.groupby(records, key=lambda record: record[0][:2]):
            yield from run_split(split)

    def run_split(records):
        command = precis_command(precis, "batch", [("-", None), ("--jobs", "1")] + options)
        environment = dict(os.environ)
        if cache_dir:
            environment["PRECIS_CACHE_DIR"] = cache_dir
        folder = tempfile.mkdtemp(prefix="precis-terms-") if names else None
        if folder:
            command += ["--terms-counts", os.path.join(folder, "counts"),
                        "--names-from", os.path.join(folder, "names")]
        try:
            yield from run_process(command, environment, records, folder)
        finally:
            if folder:
                shutil.rmtree(folder, ignore_errors=True)

    def run_process(command, environment, records, folder):
        process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, env=environment)
        sent = [0]
        said = []
        failed = []
        first = []
        # The keys of the lines sent, in order: a result comes only after its line went in.
        keys = collections.deque()

        def feed():
            # The name of each line sent, which precis reads once its input ends.
            named = open(os.path.join(folder, "names"), "w", encoding="utf-8") if folder else None
            try:
                for key, line in records:
                    if not first:
                        first.append(key)
                    keys.append(key)
                    if named:
                        named.write(names(key).replace("\n", " ") + "\n")
                    process.stdin.write(line.rstrip(b"\n") + b"\n")
                    sent[0] += 1
            except BrokenPipeError:
                pass  # precis stopped: its exit status and message say why
            except BaseException as error:  # reading the partition failed: the task must too
                failed.append(error)
            finally:
                if named:
                    named.close()
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
            key = keys.popleft() if keys else None
            yield key, numbered(line.rstrip(b"\n").decode("utf-8"), key, numbers, name_file)
        for thread in threads:
            thread.join()
        status = process.wait()
        if failed:
            raise failed[0]
        # 1 is records that failed, each with its error result; 2 and up stop the whole run.
        if status >= 2 or status < 0 or received != sent[0]:
            raise RuntimeError(f"{' '.join(command)} exited with status {status} after {received} results "
                               f"for {sent[0]} records: " + " / ".join(said))
        if folder and first:
            with open(os.path.join(folder, "counts"), "rb") as counts:
                yield None, (first[0], counts.read())

    return run


def record_names(input_path, files, numbers):
    """The function that names a record by its key as a single `precis batch` of its file names
    it in the terms' notes: the file (as given, when the corpus is that one file) and its line."""

    def shown(file):
        # (A local file's URI made its path: `file:///data/week.jsonl` is `/data/week.jsonl`.)
        parsed = urllib.parse.urlparse(file)
        local = urllib.parse.unquote(parsed.path) if parsed.scheme == "file" else file
        if files == 1 and os.path.basename(input_path.rstrip("/")) == os.path.basename(local):
            return input_path
        return local

    def name(key):
        return f"{shown(key[0])}:{numbers[key[:2]] + key[2]}"

    return name


def save_counts(parts, folder):
    """Writes the splits' term counts (key of the split's first record, bytes), as they come
    from the executors one partition at a time, to files in `folder`; returns their paths in
    input order. (Collected at once, a corpus's counts were all in the driver's memory: about
    8 KB an article.)"""
    saved = []
    for number, (key, counts) in enumerate(parts):
        path = os.path.join(folder, f"{number:06d}.counts")
        with open(path, "wb") as file:
            file.write(counts)
        saved.append((key, path))
    return [path for _, path in sorted(saved, key=lambda part: part[0])]


def merge_terms(paths, folder, precis, options, args):
    """Adds up the term counts at `paths`, in that order, with `precis terms --merge` on the
    driver, into the worklist --terms or --update-terms names."""
    # (A list of the files, not the arguments: a corpus of many splits has thousands.)
    listing = os.path.join(folder, "parts")
    with open(listing, "w", encoding="utf-8") as file:
        file.write("".join(path + "\n" for path in paths))
    merge = [("--merge", None), ("--files-from", listing), ("--min-articles", str(args.terms_min_articles))]
    if args.terms:
        merge.append(("--output", args.terms))
    else:
        merge.append(("--update", args.update_terms))
    if args.terms_counts:
        merge.append(("--counts", args.terms_counts))
    command = precis_command(precis, "terms", merge + [option for option in options
                                                    if option[0] in ("--pipeline", "--language")])
    done = subprocess.run(command, stderr=subprocess.PIPE)
    sys.stderr.write(done.stderr.decode("utf-8", "replace"))
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} exited with status {done.returncode}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("input", help="JSON Lines corpus (a path Spark can read: a file, a folder or a glob)")
    parser.add_argument("output", help="folder for the result JSON Lines (Spark's part files)")
    parser.add_argument("--precis", default="precis", help="the precis binary on the executors")
    parser.add_argument("--pipeline", default=None, help="the pipeline file on the executors")
    parser.add_argument("--partitions", type=int, default=None,
                        help="about how many partitions to read the corpus in (default: Spark's parallelism)")
    parser.add_argument("--language", default=None,
                        help="passed to precis batch: the corpus's language, in place of the pipeline's")
    parser.add_argument("--lossy", action="store_true",
                        help="passed to precis batch: bytes that are not UTF-8 are replaced with U+FFFD and the "
                             "record's result warns of them, instead of an error result")
    parser.add_argument("--title", action="store_true",
                        help="passed to precis batch: each record's \"title\" opens its article as its headline")
    parser.add_argument("--headline", action="store_true",
                        help="passed to precis batch: each record's text opens with its headline paragraph")
    parser.add_argument("--max-record-bytes", default=None,
                        help="passed to precis batch: a longer line gives an error result (4M, say), "
                             "which keeps a record too large for the executor's memory from killing it")
    parser.add_argument("--cache-dir", default=None,
                        help="where the executors' precis keep compiled glossaries (PRECIS_CACHE_DIR): a "
                             "folder of each machine that its containers can write and no one else can, "
                             "so that a machine builds a large glossary once, not once a container")
    parser.add_argument("--archives", default=None,
                        help="archives to ship to the executors, as spark-submit's --archives "
                             "(precis.tar.gz#precis), for a run started with python rather than spark-submit")
    parser.add_argument("--terms", default=None,
                        help="also write the terms no glossary covers, counted over the whole corpus, to this "
                             "TSV file on the driver, as precis batch --terms writes them (each split's precis "
                             "counts its records; precis terms --merge adds the counts up in input order)")
    parser.add_argument("--update-terms", default=None,
                        help="like --terms, but merge the rows into this worklist, keeping what was filled in")
    parser.add_argument("--terms-min-articles", type=int, default=2,
                        help="with --terms or --update-terms, list only terms seen in at least this many records")
    parser.add_argument("--terms-counts", default=None,
                        help="with --terms or --update-terms, also save the corpus's term counts to this file on "
                             "the driver, which precis terms --merge adds to other runs' (a week's from its days')")
    parser.add_argument("--master", default=None, help="Spark master (default: spark-submit's)")
    parser.add_argument("--collect", action="store_true", help="print the results instead of saving them")
    args = parser.parse_args()
    if args.terms and args.update_terms:
        parser.error("give --terms or --update-terms, not both")
    if args.terms_counts and not (args.terms or args.update_terms):
        parser.error("--terms-counts goes with --terms or --update-terms")
    counting = bool(args.terms or args.update_terms)

    conf = SparkConf().setAppName("precis-batch")
    if args.master:
        conf.setMaster(args.master)
    if args.archives:
        conf.set("spark.archives", args.archives)
    spark = SparkSession.builder.config(conf=conf).getOrCreate()
    context = spark.sparkContext
    context.setLogLevel("ERROR")
    options = []
    if args.pipeline:
        options.append(("--pipeline", args.pipeline))
    if args.max_record_bytes:
        options.append(("--max-record-bytes", args.max_record_bytes))
    if args.language:
        options.append(("--language", args.language))
    if args.lossy:
        options.append(("--lossy", None))
    if args.title:
        options.append(("--title", None))
    if args.headline:
        options.append(("--headline", None))
    partitions = args.partitions or context.defaultParallelism
    lines, files = corpus_lines(spark, args.input, partitions)
    # Blank lines give no result in `precis batch`; leave them out so that lines pair up.
    numbers = first_lines(lines)
    names = record_names(args.input, files, numbers) if counting else None
    results = lines.filter(lambda record: record[1].strip(b" \t\r") != b"").mapPartitions(
        briefs(args.precis, options, numbers, files > 1, args.cache_dir, names))
    if counting:
        # The splits' counts first, brought to the driver; the results, kept on the executors'
        # disks meanwhile, are not run again.
        results.persist(StorageLevel.DISK_ONLY)
        folder = tempfile.mkdtemp(prefix="precis-terms-")
        parts = save_counts(results.filter(lambda record: record[0] is None).values()
                            .toLocalIterator(prefetchPartitions=False), folder)
        results = results.filter(lambda record: record[0] is not None)
    if files > 1:
        # Spark packs several files' splits into partitions by size, not in order: put the
        # results back in input order (a single file's splits come in order).
        results = results.sortByKey(numPartitions=partitions)
    results = results.values()
    if args.collect:
        for line in results.collect():
            sys.stdout.write(line + "\n")
    else:
        results.saveAsTextFile(args.output)
    if counting:
        try:
            merge_terms(parts, folder, args.precis, options, args)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    spark.stop()


if __name__ == "__main__":
    main()
