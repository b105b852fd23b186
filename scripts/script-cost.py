#!/usr/bin/env python3
# Redis time per decision of lua/limits.lua beside a minimal one-key GCRA script (TIME,
# GET, SET PX): Redis's own usec_per_call for EVALSHA (INFO commandstats), 1,000 calls
# over 1,000 keys per sample, every case sampled once per round in turn, medians over
# the rounds and of the ratio to the minimal script in the same round. Limits are so
# large that every call admits and writes. Needs nothing but Python 3 and a Redis of
# your own:
#
#   python3 scripts/script-cost.py <port> lua/limits.lua <baseline limits.lua> [rounds]
#
# The baseline (for example `git show <commit>:lua/limits.lua > /tmp/base.lua`) must take
# the same arguments (LimitsScriptLayout); each case runs on both, in the same round.
import socket, statistics, sys

def enc(*args):
    out = [b'*%d\r\n' % len(args)]
    for a in args:
        if isinstance(a, str): a = a.encode()
        out.append(b'$%d\r\n%s\r\n' % (len(a), a))
    return b''.join(out)

class R:
    def __init__(self, port):
        self.s = socket.create_connection(('127.0.0.1', port)); self.f = self.s.makefile('rb')
    def read(self):
        line = self.f.readline()
        t, rest = line[:1], line[1:-2]
        if t == b'+': return rest.decode()
        if t == b'-': raise Exception(rest.decode())
        if t == b':': return int(rest)
        if t == b'$':
            n = int(rest)
            if n < 0: return None
            d = self.f.read(n + 2); return d[:-2]
        if t == b'*':
            n = int(rest)
            return None if n < 0 else [self.read() for _ in range(n)]
    def call(self, *a):
        self.s.sendall(enc(*a)); return self.read()
    def pipe(self, cmds):
        self.s.sendall(b''.join(cmds))
        for _ in cmds: self.read()

MINIMAL = """local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local interval, tolerance = tonumber(ARGV[1]), tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1])) or now
if tat < now then tat = now end
local after = tat + interval
if after - now > tolerance then
  return {0, after - now - tolerance}
end
redis.call('SET', KEYS[1], string.format('%d', after), 'PX', math.ceil((after - now) / 1000))
return {1, 0}
"""

r = R(int(sys.argv[1]))
new = open(sys.argv[2]).read()
old = open(sys.argv[3]).read()
MINIMAL2 = """local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local v = redis.call('MGET', KEYS[1], KEYS[2])
local i1, t1, i2, t2 = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local a = math.max(tonumber(v[1]) or now, now) + i1
local b = math.max(tonumber(v[2]) or now, now) + i2
if a - now > t1 or b - now > t2 then
  return {0, 0}
end
redis.call('SET', KEYS[1], string.format('%d', a), 'PX', math.ceil((a - now) / 1000))
redis.call('SET', KEYS[2], string.format('%d', b), 'PX', math.ceil((b - now) / 1000))
return {1, 0}
"""
sha = {name: r.call('SCRIPT', 'LOAD', src).decode() for name, src in [('minimal', MINIMAL), ('minimal2', MINIMAL2), ('new', new), ('old', old)]}
KEYS = 1000
NEW_CASES = {
    'gcra': (1, ['decide', '1', '1', 'gcra', '60', '60000000000']),
    'token-bucket, fractional interval': (1, ['decide', '1', '1', 'token-bucket', '0', '3', '50', '60000000000', '0']),
    'gcra + gcra': (2, ['decide', '1', '1', 'gcra', '60', '60000000000', 'gcra', '86', '86000000000']),
    'token-bucket (fractional) + fixed-window': (2, ['decide', '1', '1', 'token-bucket', '0', '3', '50', '60000000000', '0', 'fixed-window', '1000000000', '86400000000']),
    'sliding-window-counter': (1, ['decide', '1', '1', 'sliding-window-counter', '1000000000', '60000000']),
    'sliding-window-log': (1, ['decide', '1', '1', 'sliding-window-log', '10000', '60000000']),
}
cases = {
    'minimal gcra': ('minimal', 1, lambda: ['60', '60000000000']),
    'minimal gcra, two keys': ('minimal2', 2, lambda: ['60', '60000000000', '86', '86000000000']),
}
for label, (nkeys, args) in NEW_CASES.items():
    cases[label] = ('new', nkeys, lambda args=args: args)
    cases[label + ', baseline'] = ('old', nkeys, lambda args=args: args)
rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 7
results = {c: [] for c in cases}
batches = {}
for c, (name, (script, nkeys, args)) in enumerate(cases.items()):
    a = args()
    cmds = []
    for i in range(KEYS):
        k = 'bench:%d:{c%d}:' % (c, i)
        keys = [k + 'a', k + 'b'][:nkeys]
        cmds.append(enc('EVALSHA', sha[script], str(nkeys), *keys, *a))
    batches[name] = cmds
r.call('FLUSHALL')
for name in cases:
    r.pipe(batches[name])
for rnd in range(rounds):
    for name in cases:
        r.call('CONFIG', 'RESETSTAT')
        r.pipe(batches[name])
        stats = r.call('INFO', 'commandstats').decode()
        line = [l for l in stats.splitlines() if l.startswith('cmdstat_evalsha:')][0]
        results[name].append(float(line.split('usec_per_call=')[1].split(',')[0]))
print('| Script | Limits | Median µs per call (%d rounds) | Median ratio to the minimal script | Median ratio to the baseline |' % rounds)
print('|---|---:|---:|---:|---:|')
for name, (script, nkeys, _) in cases.items():
    m = statistics.median(results[name])
    ratio = statistics.median([x / y for x, y in zip(results[name], results['minimal gcra'])])
    base = results.get(name + ', baseline')
    paired = '%.3f' % statistics.median([x / y for x, y in zip(results[name], base)]) if base else ''
    print('| %s | %d | %.2f | %.2f | %s |' % (name, nkeys, m, ratio, paired))
