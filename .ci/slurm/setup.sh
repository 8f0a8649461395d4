#!/usr/bin/env bash
# Start a one-node SLURM cluster on this machine (as root): munge, MariaDB, slurmdbd, slurmctld, slurmd.
# Installs the Debian packages if they are missing. Used by .ci/run before tests/test_slurm.py; safe to rerun.
# Stop it with .ci/slurm/setup.sh stop.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

if [ "${1:-}" = stop ]; then
    for pidfile in /run/slurm/slurmd.pid /run/slurm/slurmctld.pid /run/slurm/slurmdbd.pid; do
        [ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null || true
    done
    exit 0
fi

if ! command -v slurmctld >/dev/null || ! command -v slurmdbd >/dev/null || ! command -v mariadbd >/dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends slurm-wlm slurmdbd munge mariadb-server
fi

mkdir -p /run/slurm /var/log/slurm /var/lib/slurm/slurmctld /var/lib/slurm/slurmd /etc/slurm /run/munge /run/mysqld
chown munge:munge /run/munge 2>/dev/null || true
chown mysql:mysql /run/mysqld 2>/dev/null || true

# munge (authentication between the daemons)
if [ ! -s /etc/munge/munge.key ]; then
    mungekey --create --keyfile /etc/munge/munge.key 2>/dev/null || dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
    chown munge:munge /etc/munge/munge.key && chmod 400 /etc/munge/munge.key
fi
if ! munge -n </dev/null >/dev/null 2>&1; then
    runuser -u munge -- /usr/sbin/munged
fi

# MariaDB with the accounting database
if ! mysqladmin ping --silent 2>/dev/null; then
    (mysqld_safe --skip-networking=0 --bind-address=127.0.0.1 >/var/log/slurm/mariadb.log 2>&1 &)
    for _ in $(seq 60); do mysqladmin ping --silent 2>/dev/null && break; sleep 1; done
fi
db_pass=slurmci
mysql -u root <<SQL
CREATE DATABASE IF NOT EXISTS slurm_acct_db;
CREATE USER IF NOT EXISTS 'slurm'@'localhost' IDENTIFIED BY '$db_pass';
GRANT ALL ON slurm_acct_db.* TO 'slurm'@'localhost';
FLUSH PRIVILEGES;
SQL

node="$(hostname -s)"
node_line="$(slurmd -C | head -1)"  # this machine's NodeName, CPUs, sockets, cores, RealMemory
sed -e "s/@NODE@/$node/" -e "s|@NODE_LINE@|$node_line|" "$here/slurm.conf.in" >/etc/slurm/slurm.conf
sed -e "s/@DB_PASS@/$db_pass/" "$here/slurmdbd.conf.in" >/etc/slurm/slurmdbd.conf
chmod 600 /etc/slurm/slurmdbd.conf

if ! pgrep -F /run/slurm/slurmdbd.pid >/dev/null 2>&1; then slurmdbd; fi
for _ in $(seq 30); do sacctmgr -n list cluster >/dev/null 2>&1 && break; sleep 1; done
sacctmgr -i add cluster localci >/dev/null 2>&1 || true
sacctmgr -i add account ci Cluster=localci Description=ci Organization=ci >/dev/null 2>&1 || true
sacctmgr -i add user root Account=ci DefaultAccount=ci >/dev/null 2>&1 || true

if ! pgrep -F /run/slurm/slurmctld.pid >/dev/null 2>&1; then slurmctld; fi
if ! pgrep -F /run/slurm/slurmd.pid >/dev/null 2>&1; then slurmd; fi
for _ in $(seq 60); do
    state="$(sinfo -h -n "$node" -o %T 2>/dev/null || true)"
    case "$state" in idle*|mixed*|allocated*) break ;; esac
    scontrol update nodename="$node" state=resume >/dev/null 2>&1 || true
    sleep 1
done
sinfo
sbatch --wrap true --output=/dev/null --wait -t 1 >/dev/null  # one job end to end
sacct -n -X -o JobID,State | tail -1
echo "SLURM is up: node $node ($state)"
