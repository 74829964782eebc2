#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# `comet sweep --slurm` against a real Slurm cluster: Debian's slurmctld and slurmd
# (slurm-wlm) with munge, one node on 127.0.0.1 with 2 CPUs, all in a temporary
# folder with its own slurm.conf and munge key, started by this script and stopped
# by their pids whatever happens.
#
# 1. Submits a 4-cell sweep as a job array; once cell 3 has trained an epoch,
#    cancels that array task (scancel JOB_3): it stops with a checkpoint.
# 2. When the array has ended, `comet sweep --status` shows 3 done, 1 stopped.
# 3. Submits again: only cell 3 goes to the cluster, it resumes, and every cell
#    completes (`--status` exits 0).
# 4. Runs the same sweep locally and compares every cell's metrics.csv (less the
#    seconds column), steps.csv and test metrics: they must be equal.
#
#   tests/slurm/slurm_sweep.sh COMET_BINARY [FASHION_MNIST_FOLDER]
# Needs root or a user that may run slurmd (it starts jobs as the submitting user).
set -euo pipefail
comet="$(realpath "${1:?usage: slurm_sweep.sh COMET_BINARY [FASHION_MNIST_FOLDER]}")"
data="${2:-/usr/share/datasets/fashion-mnist}"
for tool in munged mungekey slurmctld slurmd sbatch squeue scancel sinfo; do
  command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] ||
    { echo "FAIL: $tool is missing: scripts/setup.sh installs slurm-wlm and munge"; exit 1; }
done
export PATH="$PATH:/usr/sbin"
# Debian's slurmd 22.05 initialises its cgroup plugin whatever the config says.
grep -q " /sys/fs/cgroup " /proc/mounts ||
  { echo "FAIL: slurmd needs cgroups mounted at /sys/fs/cgroup (in a chroot: mount --rbind /sys)"; exit 1; }
start=$SECONDS
work="$(mktemp -d /tmp/comet-slurm.XXXXXX)"
export SLURM_CONF="$work/slurm.conf"
daemons=()
jobs=()

stop_cluster() {
  local rc=$?
  set +e
  for j in "${jobs[@]}"; do scancel "$j" 2>/dev/null; done
  # Job steps (slurmstepd) are not children of slurmd: find this cluster's by the
  # SLURM_CONF they inherited.
  for p in $(pgrep -x slurmstepd); do
    if tr '\0' '\n' < "/proc/$p/environ" 2>/dev/null | grep -qx "SLURM_CONF=$SLURM_CONF"; then kill -TERM "$p" 2>/dev/null; fi
  done
  for pid in "${daemons[@]}"; do kill -TERM "$pid" 2>/dev/null; done
  for pid in "${daemons[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null
  done
  if [ "$rc" != 0 ]; then
    echo "--- logs (the test failed) ---"
    tail -n 20 "$work"/log/*.log "$work"/a/slurm/*.log 2>/dev/null
  fi
  if [ -n "${COMET_SLURM_KEEP:-}" ]; then echo "kept $work"; else rm -rf "$work"; fi
  echo "slurm test: $((SECONDS - start)) s, exit $rc"
  exit "$rc"
}
trap stop_cluster EXIT
trap 'exit 130' INT TERM

fail() { echo "FAIL: $*"; exit 1; }
# wait_for SECONDS DESCRIPTION COMMAND...: polls COMMAND every 0.2 s.
wait_for() {
  local limit=$1 what=$2; shift 2
  local until=$((SECONDS + limit))
  until "$@"; do
    [ "$SECONDS" -lt "$until" ] || fail "waited $limit s for $what"
    sleep 0.2
  done
}

# --- the cluster ---
mkdir -p "$work"/{munge,state,spool,log}
mungekey -c -k "$work/munge/munge.key" && chmod 600 "$work/munge/munge.key"
munged -F --force --key-file="$work/munge/munge.key" --socket="$work/munge/socket" \
  --pid-file="$work/munge/pid" --seed-file="$work/munge/seed" --log-file="$work/log/munged.log" \
  > "$work/log/munged.out" 2>&1 &
daemons+=($!)
wait_for 10 "munged" test -S "$work/munge/socket"
read -r ctld_port d_port < <(python3 -c '
import socket
s = [socket.socket() for _ in range(2)]
for x in s: x.bind(("127.0.0.1", 0))
print(*[x.getsockname()[1] for x in s])')
user="$(id -un)"
cat > "$SLURM_CONF" <<CONF
ClusterName=comettest
SlurmctldHost=localhost(127.0.0.1)
SlurmUser=$user
SlurmdUser=$user
SlurmctldPort=$ctld_port
SlurmdPort=$d_port
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$work/munge/socket
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/log/slurmctld.log
SlurmdLogFile=$work/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
ReturnToService=2
SlurmdParameters=config_overrides
NodeName=cometnode NodeAddr=127.0.0.1 CPUs=2 State=UNKNOWN
PartitionName=debug Nodes=cometnode Default=YES MaxTime=INFINITE State=UP
CONF
slurmctld -D -i -c > "$work/log/slurmctld.out" 2>&1 &
daemons+=($!)
slurmd -D -N cometnode > "$work/log/slurmd.out" 2>&1 &
daemons+=($!)
node_idle() { [ "$(sinfo -h -o %T 2>/dev/null)" = idle ]; }
wait_for 30 "the node to be idle" node_idle
echo "cluster up in $((SECONDS - start)) s: $(sinfo -h -o '%P %D %c %T')"

# --- the sweep: cells 0-1 small and quick, 2-3 wider and longer ---
cd "$work"
cat > base.yaml <<YAML
name: slurm
data: {root: $data, train_subset: 12000, test_subset: 1000}
train: {epochs: 8, threads: 1}
probe: {enabled: false}
YAML
printf 'name: slurm4\nexperiment: base.yaml\ngrid:\n  model.width: [32, 512]\nseeds: 2\n' > sweep.yaml

job_of() { sed -n 's/^submitted job \([0-9]*\):.*/\1/p' "$1"; }
in_queue() { [ -n "$(squeue -h -j "$1" 2>/dev/null)" ]; }
not_in_queue() { ! in_queue "$1"; }

"$comet" sweep sweep.yaml --out a --slurm --cpus-per-task 1 --time 10 | tee submit1.log
job="$(job_of submit1.log)"; [ -n "$job" ] || fail "no job id in the output of --slurm"
jobs+=("$job")
grep -q '^#SBATCH --array=0-3$' a/sweep.sbatch || fail "the first script does not submit cells 0-3"
cell3="a/$(cd a 2>/dev/null; "$comet" sweep ../sweep.yaml --list --out . | awk '$1 == 3 {print $3}')"
epoch_done() { [ "$(wc -l 2>/dev/null < "$cell3/metrics.csv" || echo 0)" -ge 2 ]; }
wait_for 180 "cell 3 to finish an epoch" epoch_done
seen=$SECONDS
scancel "${job}_3"
echo "cancelled ${job}_3 after $(($(wc -l < "$cell3/metrics.csv") - 1)) epoch(s) (seen at +$((seen - start)) s, scancel took $((SECONDS - seen)) s)"
wait_for 180 "job $job to leave the queue" not_in_queue "$job"

set +e
"$comet" sweep --status a | tee status1.log; status1=$?
set -e
[ "$status1" = 1 ] || fail "--status exit $status1 with a cell unfinished (expected 1)"
grep -q '^done 3, diverged 0, running 0, queued 0, stopped 1, failed 0, pending 0$' status1.log ||
  fail "--status does not show 3 done and cell 3 stopped"
grep -qE '^ +3  stopped ' status1.log || fail "cell 3 is not the stopped one"

"$comet" sweep sweep.yaml --out a --slurm --cpus-per-task 1 --time 10 | tee submit2.log
job2="$(job_of submit2.log)"; [ -n "$job2" ] || fail "no job id on re-submission"
jobs+=("$job2")
grep -q '^#SBATCH --array=3$' a/sweep.sbatch || fail "re-submission does not submit only cell 3"
wait_for 180 "job $job2 to leave the queue" not_in_queue "$job2"
grep -q "(resumed): completed" a/slurm/cell_3.log || fail "cell 3 did not resume from its checkpoint"
"$comet" sweep --status a | tee status2.log || fail "--status exit $? after re-submission (expected 0)"
grep -q '^done 4, ' status2.log || fail "not every cell is done"
"$comet" sweep sweep.yaml --out a --slurm | grep -q "nothing to submit" || fail "a finished sweep submits again"

# --- the same sweep here, and the comparison ---
"$comet" sweep sweep.yaml --out b --quiet > local.log || { cat local.log; fail "the local sweep failed"; }
compared=0
for dir in b/0*; do
  name="$(basename "$dir")"
  cut -d, -f1-6 "$dir/metrics.csv" > want.csv; cut -d, -f1-6 "a/$name/metrics.csv" > got.csv
  cmp -s want.csv got.csv || { diff want.csv got.csv | head; fail "$name: metrics.csv differs from the local sweep"; }
  cmp -s "$dir/steps.csv" "a/$name/steps.csv" || fail "$name: steps.csv differs from the local sweep"
  for key in test_loss test_acc steps_done status; do
    want="$(grep "\"$key\"" "$dir/summary.json")"; got="$(grep "\"$key\"" "a/$name/summary.json")"
    [ "$want" = "$got" ] || fail "$name: $key: local $want, Slurm $got"
  done
  compared=$((compared + 1))
done
[ "$compared" = 4 ] || fail "compared $compared cells, expected 4"
echo "PASS: 4 cells on Slurm (cell 3 cancelled and resumed) equal the local sweep"
