#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Feeds `comet` one bad input after another and checks what each produces: the exit
# code, a message that names the file and the key, line:column, line or byte offset,
# and no crash, hang or traceback. Prints the results as a Markdown table (the table
# of issue 5's closing note); exits non-zero when any case differs.
#
#   tests/cli/bad_inputs.sh COMET_BINARY
#
# Every input is made here, in a temporary folder; nothing is downloaded.
set -uo pipefail
comet="$(realpath "${1:?usage: bad_inputs.sh COMET_BINARY}")"
work="$(mktemp -d /tmp/comet-bad-inputs.XXXXXX)"
trap 'chmod -R u+rwX "$work"; rm -rf "$work"' EXIT
cd "$work" || exit 2

# ---- byte helpers -------------------------------------------------------------
be32() { printf "\\x$(printf %02x $(($1 >> 24 & 255)))\\x$(printf %02x $(($1 >> 16 & 255)))\\x$(printf %02x $(($1 >> 8 & 255)))\\x$(printf %02x $(($1 & 255)))"; }
zeros() { head -c "$1" /dev/zero; }
labels() { for ((i = 0; i < $1; i++)); do printf "\\x$(printf %02x $((i % 10)))"; done; }
idx_images() { { be32 2051; be32 "$1"; be32 28; be32 28; zeros $(($1 * 784)); }; }  # magic 0x803
idx_labels() { { be32 2049; be32 "$1"; labels "$1"; }; }                           # magic 0x801
idx_folder() {  # DIR TRAIN_N TEST_N
  mkdir -p "$1"
  idx_images "$2" > "$1/train-images-idx3-ubyte"; idx_labels "$2" > "$1/train-labels-idx1-ubyte"
  idx_images "$3" > "$1/t10k-images-idx3-ubyte"; idx_labels "$3" > "$1/t10k-labels-idx1-ubyte"
}
cifar100() {  # N records of CIFAR-100: coarse, fine, 3072 pixels
  for ((i = 0; i < $1; i++)); do printf "\\x01\\x$(printf %02x $((i % 100)))"; zeros 3072; done
}
base() {  # a valid config for the data folder $1 (dataset idx)
  printf 'name: bad\ndata: {dataset: idx, root: %s}\nmodel: {width: 8}\ntrain: {epochs: 1, batch_size: 8}\nprobe: {enabled: false}\n' "$1"
}

# ---- inputs ---------------------------------------------------------------------
idx_folder good 60 20
base good > good.yaml
mkdir -p idx-truncated idx-magic idx-trailing idx-count idx-gzip
for d in idx-truncated idx-magic idx-trailing idx-count idx-gzip; do cp good/* "$d/"; done
idx_images 60 | head -c 20000 > idx-truncated/train-images-idx3-ubyte
{ be32 2052; be32 60; be32 28; be32 28; zeros 47040; } > idx-magic/train-images-idx3-ubyte
zeros 7 >> idx-trailing/t10k-images-idx3-ubyte
idx_labels 50 > idx-count/train-labels-idx1-ubyte
rm idx-gzip/train-images-idx3-ubyte; idx_images 60 | gzip -c | head -c 40 > idx-gzip/train-images-idx3-ubyte.gz
mkdir -p cifar-truncated cifar-label
cifar100 20 > cifar-truncated/train.bin; cifar100 10 | head -c 20000 > cifar-truncated/test.bin
cifar100 20 > cifar-label/train.bin; { printf '\x01\xc8'; zeros 3072; } > cifar-label/test.bin
printf 'a,b,label\n1,2,0\n3,4,1\n5,6\n' > fields.csv
printf 'a,b,label\n1,2,0\n3,x4,1\n' > number.csv
printf 'a,b,label\n1,2,0\n3,4,caf\xe9\n' > latin1.csv
printf '' > empty.csv
for i in $(seq 1 40); do echo "$((i % 7)),$((i % 5)),$((i % 2))"; done | sed '1i a,b,label' > table.csv
for i in $(seq 1 40); do echo "$((i % 7))::$((i % 5))::$i::97830$i::$((i % 2))"; done \
  | sed '1i userId::movieId::rating::timestamp::watched' > ml.dat
printf 'a;b;label\n1;2;0\n3;4;0.5\n' > half.csv
printf 'text\0with a NUL byte\n' > binary.txt
for i in $(seq 1 60); do echo "the cat sat on the mat $i"; done > small.txt
text=("$comet" run good.yaml --out out --quiet data.dataset=text model.backbone=gpt model.embed_dim=8 model.heads=2
      model.depth=1 model.context_length=8 data.text_block=64 data.val_fraction=0.1 data.test_fraction=0.1)
printf 'model: {width: 100\n' > syntax.yaml
printf 'model:\n\twidth: 10\n' > tab.yaml
printf 'model:\n  widht: 100\n' > typo.yaml
printf 'trian:\n  epochs: 3\n' > section.yaml
printf 'train:\n  epochs: many\n' > type.yaml
printf 'model:\n  width: 10\n  width: 20\n' > twice.yaml
printf 'name: caf\xe9\n' > latin1.yaml
printf '' > empty.yaml
printf -- '- a\n- b\n' > list.yaml
printf 'data:\n  mean: [0.5, 0.5]\n  std: [0.5]\n' > meanstd.yaml
mkdir -p folder.yaml
printf 'grid:\n  model.pk: [0.5, 1.5]\n' > sweep-range.yaml
printf 'grid:\n  model.pkk: [0.5]\n' > sweep-key.yaml
printf 'experiment: nowhere.yaml\n' > sweep-missing.yaml
printf 'experiment: good.yaml\ngrid:\n  model.method: [standard, comet]\n' > sweep-ok.yaml
"$comet" run good.yaml --out run --quiet > /dev/null 2>&1 || echo "setup: the good run failed" >&2
cp -r run run-summary; echo '{"status": "stopped", "steps_done": ' > run-summary/summary.json
cp -r run run-metrics; sed -i '2s/^1,/1,x/' run-metrics/metrics.csv
cp -r run run-stopped; sed -i 's/"completed"/"stopped"/' run-stopped/summary.json
cp -r run-stopped run-checkpoint; head -c 100 run/checkpoint.pt > run-checkpoint/checkpoint.pt
cp -r run-stopped run-edited; sed -i 's/width: 8/width: 9/; s/width: \[8, 8, 8\]/width: [9, 9, 9]/' run-edited/config.yaml
cp -r run-stopped run-nocheckpoint; rm -f run-nocheckpoint/checkpoint.pt
printf 'not a folder' > file-out

# ---- cases ----------------------------------------------------------------------
failures=0
printf '| # | input | exit | message |\n| --- | --- | --- | --- |\n'
n=0
# check NAME EXPECTED_EXIT EXPECTED_MESSAGE_REGEX COMMAND...
check() {
  local name=$1 want=$2 pattern=$3
  shift 3
  n=$((n + 1))
  local out rc
  out=$(timeout 120 "$@" 2>&1 < /dev/null)
  rc=$?
  # The message: the line that says what is wrong (not the progress or usage text).
  local msg
  msg=$(printf '%s\n' "$out" | grep -m1 -E -- "error|$pattern" || printf '%s\n' "$out" | head -1)
  msg=${msg//|/\\|}
  msg=${msg//\`/\'}  # the table puts messages in code spans
  printf '| %d | %s | %d | `%s` |\n' "$n" "$name" "$rc" "${msg//$work\//}"
  local why=""
  [ "$rc" = "$want" ] || why="exit $rc, expected $want"
  printf '%s\n' "$out" | grep -qE -- "$pattern" || why="$why; message does not match /$pattern/"
  printf '%s\n' "$out" | grep -qE "Segmentation|Aborted|terminate called|AddressSanitizer|runtime error:|std::" && why="$why; crash or raw exception"
  if [ -n "$why" ]; then
    failures=$((failures + 1))
    echo "FAILED: $name: $why" >&2
    printf '%s\n' "$out" | head -5 | sed 's/^/    /' >&2
  fi
}
over=("$comet" run good.yaml --out out --quiet)  # plus overrides

# Config (exit 3)
check "YAML syntax error (unclosed flow map)" 3 "syntax.yaml:2:1: YAML syntax error" "$comet" run syntax.yaml
check "tab indentation" 3 "tab.yaml:2:[0-9]+: YAML syntax error: .*tab" "$comet" run tab.yaml
check "unknown key, a typo" 3 "typo.yaml:2:3: unknown key 'model.widht' \(did you mean 'model.width'\?\)" "$comet" run typo.yaml
check "unknown section" 3 "section.yaml:1:1: unknown key 'trian'" "$comet" run section.yaml
check "wrong type" 3 "type.yaml:2:3: key 'train.epochs': expected an integer" "$comet" run type.yaml
check "a key given twice" 3 "twice.yaml:3:3: key 'width' appears twice in one mapping \(first at line 2\)" "$comet" run twice.yaml
check "not UTF-8" 3 "latin1.yaml: byte offset 9: the file is not valid UTF-8" "$comet" run latin1.yaml
check "empty config file" 3 "empty.yaml: the config file is empty \(expected a mapping of keys" "$comet" run empty.yaml
check "a list, not a mapping" 3 "list.yaml:1:1: an experiment config is a mapping of keys .*, got a list" "$comet" run list.yaml
check "missing config file" 3 "nowhere.yaml: cannot open the config file" "$comet" run nowhere.yaml
check "config path is a folder" 3 "folder.yaml: is a folder, not a file" "$comet" run folder.yaml
check "p_k = 0" 3 "model.pk=0.*out of range: expected a number in \(0, 1\]" "${over[@]}" model.pk=0
check "p_k = 1.5" 3 "model.pk=1.5.*out of range" "${over[@]}" model.pk=1.5
check "width <= 0" 3 "model.width.*-5 is out of range" "${over[@]}" model.width=-5
check "batch size 0" 3 "train.batch_size.*0 is out of range" "${over[@]}" train.batch_size=0
check "batch larger than the data" 3 "train.batch_size: 100 is larger than the training split \(48 examples\)" "${over[@]}" train.batch_size=100
check "unknown method" 3 "'magic' is not allowed: expected one of standard" "${over[@]}" model.method=magic
check "mean/std sizes differ" 3 "data.mean has 2 values but data.std has 1" "$comet" run meanstd.yaml
check "CSV tasks and targets of different lengths" 3 "data.csv_tasks has 1 entries but data.csv_targets has 2" "${over[@]}" "data.csv_targets=[watched,rating]" "data.csv_tasks=[classification]"
check "CSV task kind misspelt" 3 "key 'data.csv_tasks': item 0: 'clasification' is not allowed: expected a list of: classification regression" "${over[@]}" "data.csv_targets=[watched]" "data.csv_tasks=[clasification]"
check "CSV column with two roles" 3 "column 'rating' is in both data.csv_targets and data.csv_categorical" "${over[@]}" "data.csv_targets=[rating]" "data.csv_categorical=[rating]"
check "would not fit in memory" 3 "would not fit in memory: it needs about [0-9.]+ MiB \(parameters .*only 976.6 KiB are available \(COMET_MEMORY_LIMIT\)" env COMET_MEMORY_LIMIT=1000000 "$comet" run good.yaml model.width=2000 --out out-mem
check "override value not YAML" 3 "command-line override 'model.width=\[1,'.*not valid YAML" "${over[@]}" "model.width=[1,"
# Arguments (exit 2)
check "override without a value" 2 "'model.pk' is a config key without a value: write model.pk=VALUE" "$comet" run good.yaml model.pk
check "unknown option" 2 "unknown option '--bogus'" "$comet" run good.yaml --bogus
check "unknown command" 2 "unknown command 'trian'" "$comet" trian
# Data (exit 4)
check "missing data folder" 4 "no-data: data.root does not exist" "${over[@]}" data.root="$work/no-data"
check "truncated IDX images" 4 "idx-truncated/train-images-idx3-ubyte: truncated IDX images file: the header declares 47040 data bytes, the file ends at byte offset 20000" "${over[@]}" data.root="$work/idx-truncated"
check "IDX with a wrong magic number" 4 "idx-magic/train-images-idx3-ubyte: byte offset 0: wrong magic number 0x00000804 for an IDX images file \(expected 0x00000803\)" "${over[@]}" data.root="$work/idx-magic"
check "IDX with trailing bytes" 4 "idx-trailing/t10k-images-idx3-ubyte: IDX images file has 7 unexpected bytes after the data, from byte offset 15696" "${over[@]}" data.root="$work/idx-trailing"
check "label count differs from image count" 4 "idx-count/train-labels-idx1-ubyte: holds 50 labels but .*idx-count/train-images-idx3-ubyte holds 60 images" "${over[@]}" data.root="$work/idx-count"
check "truncated gzip" 4 "idx-gzip/train-images-idx3-ubyte.gz: gzip error: the compressed data ends early" "${over[@]}" data.root="$work/idx-gzip"
check "truncated CIFAR-100 file" 4 "cifar-truncated/test.bin: truncated or corrupt CIFAR file: 20000 bytes is not a whole number of 3074-byte records; the last record starts at byte offset 18444" "${over[@]}" data.dataset=cifar100 data.root="$work/cifar-truncated" data.mean=[0.5,0.5,0.5] data.std=[0.5,0.5,0.5]
check "CIFAR-100 label out of range" 4 "cifar-label/test.bin: byte offset 1 \(record 0\): label 200 is out of range; expected 0-99" "${over[@]}" data.dataset=cifar100 data.root="$work/cifar-label" data.mean=[0.5,0.5,0.5] data.std=[0.5,0.5,0.5]
check "CSV row with too few fields" 4 "fields.csv:4: row has 2 fields, the header has 3" "${over[@]}" data.dataset=csv data.root="$work/fields.csv"
check "CSV field not a number" 4 "number.csv:3: column 2 \('b'\): 'x4' is not a finite number" "${over[@]}" data.dataset=csv data.root="$work/number.csv"
check "CSV not UTF-8" 4 "latin1.csv: byte offset 23: the file is not valid UTF-8" "${over[@]}" data.dataset=csv data.root="$work/latin1.csv"
check "empty CSV" 4 "empty.csv: the CSV file is empty" "${over[@]}" data.dataset=csv data.root="$work/empty.csv"
check "gpt without text data" 3 "key 'model.backbone': gpt is a language model and needs text data" "${over[@]}" model.backbone=gpt
check "text data that is binary" 4 "binary.txt: is a binary file \(it holds NUL bytes\), not text" "${text[@]}" data.root="$work/binary.txt"
check "sample prompt with a character not in the text" 3 "sample.prompt: character 1 \('#'\) does not occur in the text" "${text[@]}" data.root="$work/small.txt" "sample.prompt='#'"
check "CSV target column missing" 4 "table.csv:1: no column named 'price' \(data.csv_target\); columns: a b label" "${over[@]}" data.dataset=csv data.root="$work/table.csv" data.csv_target=price
check "CSV targets: a column missing" 4 "ml.dat:1: no column named 'ratng' \(data.csv_targets\); did you mean 'rating'\?; columns: userId movieId rating timestamp watched" "${over[@]}" data.dataset=csv data.root="$work/ml.dat" "data.csv_targets=[watched,ratng]"
check "CSV classification value not whole" 4 "half.csv:3: column 3 \('label'\): '0.5' is not a whole number" "${over[@]}" data.dataset=csv data.root="$work/half.csv" data.csv_targets=[label] data.csv_tasks=[classification]
check "multi_fashion_mnist with one training image" 4 "good: the training split of multi_fashion_mnist has 1 source image\(s\); pairing needs at least two" "${over[@]}" data.dataset=multi_fashion_mnist data.train_subset=1
# Continual learning (docs/continual.md)
split=("${over[@]}" continual.sequence=split)
check "continual: a class named twice" 3 "continual.class_order: class 3 is named twice" "${split[@]}" "continual.class_order=[0,1,2,3,3,5,6,7,8,9]"
check "continual: a class not in the dataset" 3 "continual.class_order: class 12 is not in the dataset \(classes 0 to 9\)" "${split[@]}" "continual.class_order=[0,1,2,3,4,5,6,7,8,12]"
check "continual: zero tasks" 3 "continual.tasks.*0 is out of range" "${split[@]}" continual.tasks=0
check "continual: a task with no examples" 3 "continual.tasks: task[0-9]+ \(classes [0-9, ]+\) has no training examples" "${split[@]}" data.train_subset=5
check "continual: replay buffer negative" 3 "continual.replay_buffer.*-1 is out of range" "${split[@]}" continual.strategy=replay continual.replay_buffer=-1
check "continual: replay buffer larger than the data" 3 "continual.replay_buffer: 1000 examples is more than the tasks hold \(48 training examples\)" "${split[@]}" continual.strategy=replay continual.replay_buffer=1000
check "continual: permuted on CSV" 3 "key 'continual.sequence': 'permuted' needs an image classification dataset \(data.dataset 'csv' is a regression table\)" "${over[@]}" continual.sequence=permuted data.dataset=csv data.root="$work/table.csv"
check "continual: class-incremental on permuted tasks" 3 "key 'continual.scenario': 'class' needs tasks with classes of their own" "${over[@]}" continual.sequence=permuted continual.scenario=class
check "continual: on a language model" 3 "key 'continual.sequence': task sequences run on the backbones mlp, vit and mixer \(model.backbone is 'gpt'\)" "${text[@]}" data.root="$work/small.txt" continual.sequence=split
# Run directories (exit 5, or 0 when there is nothing to do)
check "--resume on a folder that is not a run" 5 "good: not a run directory: 'config.yaml' is missing" "$comet" run --resume good
check "--resume on a missing folder" 5 "nowhere: the run directory does not exist" "$comet" run --resume nowhere
check "--resume, summary.json cut short" 5 "run-summary/summary.json: byte offset 37: expected a value" "$comet" run --resume run-summary
check "--resume, metrics.csv corrupt" 5 "run-metrics/metrics.csv:2: expected epoch,step" "$comet" run --resume run-metrics
check "--resume, checkpoint.pt cut short" 5 "run-checkpoint/checkpoint.pt: cannot read the checkpoint \(truncated or corrupt file\?\)" "$comet" run --resume run-checkpoint --quiet
check "--resume, config.yaml edited since" 5 "run-edited/checkpoint.pt.*different config" "$comet" run --resume run-edited --quiet
check "--resume, no checkpoint yet" 5 "run-nocheckpoint: no checkpoint.pt" "$comet" run --resume run-nocheckpoint
check "--resume on a completed run" 0 "nothing to resume" "$comet" run --resume run
check "--out is a file" 5 "file-out: cannot create the run directory" "$comet" run good.yaml --out file-out --quiet
# Sweeps
check "sweep value out of range" 3 "sweep-range.yaml:2:19: key 'model.pk': 1.5 is out of range" "$comet" sweep sweep-range.yaml --list
check "sweep key not a config key" 3 "sweep-key.yaml:2:3: grid key 'model.pkk' is not a config key" "$comet" sweep sweep-key.yaml --list
check "sweep experiment file missing" 3 "nowhere.yaml: cannot open the experiment file" "$comet" sweep sweep-missing.yaml --list
check "sweep --cell out of range" 2 "--cell 7: the sweep has cells 0-1" "$comet" sweep sweep-ok.yaml --cell 7 --out sweep-out
check "report on a folder that is not a sweep" 5 "good: not a sweep directory" "$comet" report good
check "sweep --time in a form Slurm rejects" 2 "--time '2h': expected minutes, MM:SS, HH:MM:SS" "$comet" sweep sweep-ok.yaml --slurm --time 2h --out sweep-out
check "sweep --mem with a space" 2 "--mem '4 GB': expected an integer with an optional K, M, G or T suffix" "$comet" sweep sweep-ok.yaml --slurm --mem "4 GB" --out sweep-out
check "sweep --max-parallel 0" 2 "--max-parallel: expected an integer >= 1, got '0'" "$comet" sweep sweep-ok.yaml --slurm --max-parallel 0 --out sweep-out
check "sweep --partition without --slurm" 2 "--partition applies only with --slurm" "$comet" sweep sweep-ok.yaml --partition cpu
check "sweep --slurm into a folder with a space" 2 "contains white space, which an #SBATCH line cannot hold" "$comet" sweep sweep-ok.yaml --slurm --dry-run --out "sweep out"
check "sweep --status of a folder without sweep.json" 5 "good: no sweep.json" "$comet" sweep --status good
check "sweep --status of a missing folder" 5 "nowhere: not a folder" "$comet" sweep --status nowhere
check "sweep --slurm without Slurm's commands" 5 "cannot run sbatch .*Debian: slurm-client" env PATH=/nonexistent "$comet" sweep sweep-ok.yaml --slurm --out sweep-out

echo
echo "$n cases, $failures failed"
[ "$failures" = 0 ]
