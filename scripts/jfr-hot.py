#!/usr/bin/env python3
"""Tables from `jfr print --json --stack-depth 300 --events jdk.ExecutionSample`: the
limiter's parts and the libraries around them (inclusive), the top frames (self), and
dev.ratelimit frames (inclusive, and innermost). JDK 17 has no `jfr view hot-methods`.

Usage: jfr-hot.py samples.json [top-frames] [requests during the recording]"""
import json, sys, collections, re
data = json.load(open(sys.argv[1]))
events = data["recording"]["events"]
total = 0
self_counts = collections.Counter()
incl = collections.Counter()
ours_self = collections.Counter()
ours_incl = collections.Counter()
threads = collections.Counter()
groups = [
    ("request threads (http-nio-*-exec)", None),
    ("RateLimitInterceptor.preHandle (annotations; the controller runs after it)", r"dev\.ratelimit\.web\.RateLimitInterceptor\.preHandle"),
    ("  RateLimitEnforcer (the servlet edge)", r"dev\.ratelimit\.web\.RateLimitEnforcer\."),
    ("    RateLimitPipeline (prepare, apply, the report)", r"dev\.ratelimit\.http\.(RateLimitPipeline|RateLimitReporter)\."),
    ("    FailSafeRateLimiter.decide", r"dev\.ratelimit\.resilience\.FailSafeRateLimiter\.decide"),
    ("      ScriptRunner.run", r"dev\.ratelimit\.redis\.ScriptRunner\.run"),
    ("        LettuceConnectionFactory.getConnection", r"LettuceConnectionFactory\.getConnection"),
    ("        RedisConnection.close", r"(LettuceConnection\.close|AbstractRedisConnection\.close)"),
    ("        Lettuce dispatch (AbstractRedisAsyncCommands.dispatch)", r"AbstractRedisAsyncCommands\.dispatch"),
    ("        RedisFuture.get (waiting thread)", r"(AsyncCommand\.get|CompletableFuture\.get|CompletableFuture\.timedGet)"),
    ("      RedisRateLimiter own work (arguments, keys, reply)", "REDIS_LIMITER_OWN"),
    ("      CircuitBreaker (resilience4j)", r"io\.github\.resilience4j"),
    ("    client key hashing (ClientKeyHasher / ClientKeys)", r"dev\.ratelimit\.(web\.ClientKeyHasher|core\.ClientKeys)\."),
    ("    RateLimitHeaders.write (the fields, straight to the response)", r"dev\.ratelimit\.http\.RateLimitHeaders\.write"),
    ("    MicrometerRateLimitObserver.decided", r"dev\.ratelimit\.metrics\.MicrometerRateLimitObserver\.decided"),
    ("    MicrometerRateLimitObserver.backendCall", r"dev\.ratelimit\.metrics\.MicrometerRateLimitObserver\.backendCall"),
    ("    KeyTierResolver / DefaultKeyResolver", r"dev\.ratelimit\.web\.(KeyTierResolver|DefaultKeyResolver)\.resolve"),
    ("  AnnotatedElementUtils.findMergedAnnotation", r"AnnotatedElementUtils\.findMergedAnnotation"),
    ("RateLimitFilter.doFilterInternal, without chain.doFilter", "FILTER_OWN"),
    ("Lettuce command observation (io.lettuce.core.tracing, both threads)", r"io\.lettuce\.core\.tracing"),
    ("  of which on the event loop (stop: Timer + LongTaskTimer)", "EVENTLOOP_TRACING"),
    ("HTTP server observation (ServerHttpObservationFilter)", r"ServerHttpObservationFilter"),
    ("Micrometer (any)", r"io\.micrometer\."),
    ("Spring AOP proxy (CglibAopProxy / ReflectiveMethodInvocation)", r"org\.springframework\.aop\."),
    ("Netty event loop threads", None),
    ("Jackson (response body)", r"tools\.jackson|com\.fasterxml\.jackson"),
]
group_counts = collections.Counter()
for e in events:
    v = e["values"]
    st = v.get("stackTrace")
    if not st or not st.get("frames"):
        continue
    frames = [("%s.%s" % (f["method"]["type"]["name"], f["method"]["name"])).replace("/", ".") for f in st["frames"]]
    tname = (v.get("sampledThread") or {}).get("javaName") or ""
    total += 1
    threads[re.sub(r"\d+", "N", tname)] += 1
    self_counts[frames[0]] += 1
    seen = set()
    for f in frames:
        if f not in seen:
            incl[f] += 1
            seen.add(f)
    for f in frames:
        if f.startswith("dev.ratelimit."):
            ours_self[f] += 1
            break
    for f in set(frames):
        if f.startswith("dev.ratelimit."):
            ours_incl[f] += 1
    stack = "\n".join(frames)
    for name, rx in groups:
        if rx is None:
            if name.startswith("request") and "exec" in tname:
                group_counts[name] += 1
            if name.startswith("Netty") and ("lettuce" in tname or "nioEventLoop" in tname or "epoll" in tname):
                group_counts[name] += 1
        elif rx == "REDIS_LIMITER_OWN":
            inner = next((f for f in frames if f.startswith("dev.ratelimit.")), "")
            if inner.startswith("dev.ratelimit.redis.RedisRateLimiter.") or inner.startswith("dev.ratelimit.redis.RedisKeys."):
                group_counts[name] += 1
        elif rx == "FILTER_OWN":
            idx = [i for i, f in enumerate(frames) if f == "dev.ratelimit.web.RateLimitFilter.doFilterInternal"]
            if idx and (idx[0] == 0 or "FilterChain" not in frames[idx[0] - 1]):
                group_counts[name] += 1
        elif rx == "EVENTLOOP_TRACING":
            if "lettuce" in tname and "io.lettuce.core.tracing" in stack:
                group_counts[name] += 1
        elif re.search(rx, stack):
            group_counts[name] += 1
REQ = float(sys.argv[3]) if len(sys.argv) > 3 else 0
pct = lambda n: ("%.1f %% | %.1f" % (100.0 * n / total, 1000.0 * n / REQ)) if REQ else "%.1f %%" % (100.0 * n / total)
HEAD = "| %s | samples | share%s |\n|---|---:|---:%s" % ("%s", " | per 1,000 requests" if REQ else "", "|---:|" if REQ else "|")
print("samples:", total)
print("\n### threads\n")
print(HEAD % "thread")
for t, n in threads.most_common(8):
    print("| %s | %d | %s |" % (t, n, pct(n)))
print("\n### groups (inclusive, share of all samples)\n")
print(HEAD % "part (inclusive)")
for name, _ in groups:
    print("| %s | %d | %s |" % (name, group_counts[name], pct(group_counts[name])))
print("\n### top self frames\n")
print(HEAD % "frame (self)")
for f, n in self_counts.most_common(int(sys.argv[2]) if len(sys.argv) > 2 else 25):
    print("| %s | %d | %s |" % (f, n, pct(n)))
print("\n### dev.ratelimit frames, inclusive\n")
print(HEAD % "frame (inclusive)")
for f, n in ours_incl.most_common(25):
    print("| %s | %d | %s |" % (f, n, pct(n)))
print("\n### innermost dev.ratelimit frame (where our code calls out)\n")
print(HEAD % "frame")
for f, n in ours_self.most_common(15):
    print("| %s | %d | %s |" % (f, n, pct(n)))
