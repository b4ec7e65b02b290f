#!/usr/bin/env python3
"""Deterministic generator of a synthetic EnqueueZero Techshack archive.

    bench/gen_archive.py OUT_DIR [--issues N] [--seed S]

writes OUT_DIR/book.yaml and OUT_DIR/issues/YYYY-NN.md: N weekly issues
(default 520: ten years of 52 issues, 2015-01 .. 2024-52), each shaped
like the real ones in issues/: YAML front matter, a title heading,
<TechshackHeader />, and about 20 articles, each with a source link and a
mix of paragraphs (inline code, emphasis, links), bullet and numbered lists
(some nested), fenced code blocks in several languages, now and then a
table, an ASCII diagram, a Mermaid diagram or a remote image.

The first N issues of the 520 are the same whatever N is, so 130, 260 and
520 issues are prefixes of one archive. The output depends only on N and
the seed (no clock, no hash randomisation): same input, same bytes.
Standard library only.
"""

import argparse
import os
import random

WORDS = (
    "system service cluster node request latency throughput cache queue "
    "message broker partition replica leader follower consensus raft paxos "
    "storage index query table schema migration deploy release canary "
    "rollback container image registry scheduler pod volume network proxy "
    "gateway load balancer certificate token session thread process kernel "
    "memory allocation garbage collector compiler runtime interpreter "
    "function closure module package dependency version build pipeline test "
    "coverage benchmark profile trace metric alert dashboard incident "
    "postmortem outage failover backup snapshot consistency availability "
    "durability isolation transaction lock contention shard hash ring "
    "protocol stream batch window watermark event sourcing command handler "
    "api endpoint client server backend frontend database engine team "
    "design tradeoff approach pattern practice operator developer engineer"
).split()

VERBS = (
    "improves reduces explains describes compares introduces measures "
    "replaces simplifies scales handles avoids detects recovers stores "
    "serves routes balances caches retries schedules"
).split()

SITES = (
    "github.com medium.com blog.cloudflare.com engineering.fb.com "
    "netflixtechblog.com aws.amazon.com martinfowler.com jvns.ca lwn.net "
    "kubernetes.io dropbox.tech slack.engineering brandur.org "
    "blog.acolyer.org queue.acm.org usenix.org highscalability.com"
).split()

TOPICS = (
    "Kafka Kubernetes Postgres Redis Cassandra Envoy Linux Rust Go Python "
    "Terraform Prometheus gRPC GraphQL SQLite Raft DNS TCP TLS HTTP/2 "
    "eBPF Nginx Elasticsearch Spark Flink ZooKeeper etcd Consul Vault"
).split()

HEADS = [
    "How {t} Handles {w} at Scale",
    "Understanding {t} {w}s",
    "Lessons from a {t} Outage",
    "A Tour of {t} Internals",
    "Why We Moved from {t} to {u}",
    "{t} in Production: {w} and {v}",
    "Designing a {w} Service with {t}",
    "The Hidden Cost of {t} {w}s",
    "Debugging {t}: a Tale of a {w}",
    "Notes on {t} and {u}",
]

CODE = {
    "python": [
        "import {a}\n\n\ndef {b}(items, limit=10):\n    \"\"\"Return the first items that pass.\"\"\"\n"
        "    out = []\n    for item in items:\n        if item.{c} > limit:\n"
        "            out.append(item)\n    return out\n\n\nprint({b}([], limit=3))\n",
        "class {A}:\n    def __init__(self, {b}):\n        self.{b} = {b}\n        self.cache = {{}}\n\n"
        "    def get(self, key):\n        if key not in self.cache:\n"
        "            self.cache[key] = self.{b}.load(key)\n        return self.cache[key]\n",
    ],
    "go": [
        "package main\n\nimport (\n\t\"fmt\"\n\t\"time\"\n)\n\nfunc {b}(ch chan int) {{\n"
        "\tfor i := 0; i < 10; i++ {{\n\t\tch <- i\n\t\ttime.Sleep(time.Millisecond)\n\t}}\n"
        "\tclose(ch)\n}}\n\nfunc main() {{\n\tch := make(chan int)\n\tgo {b}(ch)\n"
        "\tfor v := range ch {{\n\t\tfmt.Println(\"{c}\", v)\n\t}}\n}}\n",
    ],
    "rust": [
        "use std::collections::HashMap;\n\nfn {b}(input: &[u32]) -> HashMap<u32, usize> {{\n"
        "    let mut counts = HashMap::new();\n    for &x in input {{\n"
        "        *counts.entry(x).or_insert(0) += 1;\n    }}\n    counts\n}}\n\n"
        "fn main() {{\n    let {c} = {b}(&[1, 2, 2, 3]);\n    println!(\"{{:?}}\", {c});\n}}\n",
    ],
    "bash": [
        "#!/usr/bin/env bash\nset -euo pipefail\nfor host in $(cat hosts.txt); do\n"
        "  ssh \"$host\" 'systemctl restart {b}' && echo \"$host ok\"\ndone\n",
        "$ kubectl get pods -n {b} -o wide\n$ kubectl logs -f deploy/{c} --tail=100\n"
        "$ curl -s http://localhost:8080/metrics | grep {b}_requests_total\n",
    ],
    "sql": [
        "CREATE TABLE {b} (\n  id BIGSERIAL PRIMARY KEY,\n  {c} TEXT NOT NULL,\n"
        "  created_at TIMESTAMPTZ DEFAULT now()\n);\n\nSELECT {c}, count(*)\nFROM {b}\n"
        "WHERE created_at > now() - interval '1 day'\nGROUP BY {c}\nORDER BY 2 DESC\nLIMIT 10;\n",
    ],
    "javascript": [
        "const {b} = async (url) => {{\n  const res = await fetch(url);\n"
        "  if (!res.ok) throw new Error(`status ${{res.status}}`);\n  return res.json();\n}};\n\n"
        "{b}('/api/{c}').then((data) => console.log(data.length));\n",
    ],
    "yaml": [
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {b}\nspec:\n  replicas: 3\n"
        "  template:\n    spec:\n      containers:\n        - name: {c}\n          image: {c}:1.2.3\n"
        "          resources:\n            limits:\n              memory: 256Mi\n",
    ],
    "java": [
        "public final class {A} {{\n    private final Map<String, Integer> {b} = new HashMap<>();\n\n"
        "    public int get(String key) {{\n        return {b}.getOrDefault(key, 0);\n    }}\n}}\n",
    ],
    "c": [
        "#include <stdio.h>\n\nint {b}(const char *s) {{\n    int n = 0;\n"
        "    while (*s++) n++;\n    return n;\n}}\n\nint main(void) {{\n"
        "    printf(\"%d\\n\", {b}(\"{c}\"));\n    return 0;\n}}\n",
    ],
}

DIAGRAMS = [
    "+--------+      +---------+      +----------+\n"
    "| client | ---> |  {a:^7}| ---> | {b:^8} |\n"
    "+--------+      +---------+      +----------+\n"
    "                     |\n"
    "                     v\n"
    "                +---------+\n"
    "                |  cache  |\n"
    "                +---------+\n",
    "  producer        broker          consumer\n"
    "     |               |                |\n"
    "     |--- send ----->|                |\n"
    "     |               |---- push ----->|\n"
    "     |               |<---- ack ------|\n"
    "     |<--- ack ------|                |\n",
]

MERMAID = (
    "<mermaid>\ngraph LR\n    A[{a}] --> B[{b}]\n    B --> C{{ok?}}\n"
    "    C -->|yes| D[{c}]\n    C -->|no| A\n</mermaid>\n"
)


class Gen:
    def __init__(self, rng):
        self.r = rng

    def word(self):
        return self.r.choice(WORDS)

    def ident(self):
        return "_".join(self.r.choice(WORDS) for _ in range(2)).replace("-", "_")

    def sentence(self, inline=True):
        r = self.r
        n = r.randint(6, 18)
        words = [self.word() for _ in range(n)]
        words[r.randint(1, n - 1)] = r.choice(VERBS)
        if inline and r.random() < 0.25:
            i = r.randrange(n)
            words[i] = "`" + self.ident() + "`"
        if inline and r.random() < 0.15:
            i = r.randrange(n)
            words[i] = "*" + words[i] + "*"
        if inline and r.random() < 0.1:
            i = r.randrange(n)
            words[i] = "[{}](https://{}/{}/{})".format(
                words[i], r.choice(SITES), self.word(), r.randint(1, 9999)
            )
        if r.random() < 0.2:
            words.insert(r.randrange(1, n), r.choice(TOPICS))
        s = " ".join(words)
        return s[0].upper() + s[1:] + r.choice([".", ".", ".", "?", "!"])

    def paragraph(self):
        return " ".join(self.sentence() for _ in range(self.r.randint(1, 3)))

    def bullet_list(self, numbered=False):
        out = []
        for i in range(self.r.randint(3, 8)):
            mark = "{}.".format(i + 1) if numbered else "*"
            out.append("{} {}".format(mark, self.sentence()))
            if not numbered and self.r.random() < 0.15:
                for _ in range(self.r.randint(1, 3)):
                    out.append("    * " + self.sentence())
        return "\n".join(out)

    def code(self):
        r = self.r
        lang = r.choice(sorted(CODE))
        text = r.choice(CODE[lang]).format(
            a=self.word(), b=self.ident(), c=self.word(), A=self.word().title() + "Store"
        )
        return "```{}\n{}```".format(lang, text)

    def table(self):
        r = self.r
        cols = r.randint(2, 4)
        head = [self.word().title() for _ in range(cols)]
        rows = [
            "| " + " | ".join(head) + " |",
            "|" + "|".join(["---"] * cols) + "|",
        ]
        for _ in range(r.randint(2, 6)):
            cells = [self.word() if c == 0 else str(r.randint(1, 99999)) for c in range(cols)]
            rows.append("| " + " | ".join(cells) + " |")
        return "\n".join(rows)

    def diagram(self):
        text = self.r.choice(DIAGRAMS).format(a=self.word()[:7], b=self.word()[:8])
        return "```\n{}```".format(text)

    def title(self):
        r = self.r
        return r.choice(HEADS).format(
            t=r.choice(TOPICS), u=r.choice(TOPICS), w=self.word().title(), v=self.word().title()
        )

    def article(self):
        r = self.r
        site = r.choice(SITES)
        parts = [
            "## " + self.title(),
            "[{s}](https://{s}/{a}/{b}-{n})".format(
                s=site, a=self.word(), b=self.word(), n=r.randint(1, 99999)
            ),
        ]
        for _ in range(r.randint(1, 2)):
            parts.append(self.paragraph())
        # One or two extra blocks, weighted like the real issues: lists
        # and code often, tables and drawings now and then.
        extras = r.choices([0, 1, 2], weights=[45, 40, 15])[0]
        for _ in range(extras):
            x = r.random()
            if x < 0.4:
                parts.append(self.sentence(inline=False)[:-1] + ":")
                parts.append(self.bullet_list())
            elif x < 0.55:
                parts.append(self.bullet_list(numbered=True))
            elif x < 0.78:
                parts.append(self.code())
            elif x < 0.86:
                parts.append(self.table())
            elif x < 0.93:
                parts.append(self.diagram())
            elif x < 0.96:
                parts.append(
                    MERMAID.format(a=self.word(), b=self.word(), c=self.word()).rstrip()
                )
            else:
                parts.append(
                    "![{w}](https://{s}/images/{w}-{n}.png)".format(
                        w=self.word(), s=site, n=r.randint(1, 999)
                    )
                )
            if r.random() < 0.3:
                parts.append(self.paragraph())
        return "\n\n".join(parts)


def issue(year, number, rng, scale=1):
    g = Gen(rng)
    title = "EnqueueZero Techshack {}-{:02d}".format(year, number)
    head = (
        "---\ntitle: {t}\nsidebar: auto\npublished: true\ndescription:\n"
        "series: EnqueueZero Techshack\n---\n\n# {t}\n\n<TechshackHeader />\n"
    ).format(t=title)
    articles = [g.article() for _ in range(rng.randint(17, 23) * scale)]
    return head + "\n" + "\n\n".join(articles) + "\n"


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("out")
    p.add_argument("--issues", type=int, default=520)
    p.add_argument("--seed", type=int, default=2015)
    p.add_argument("--first-year", type=int, default=2015)
    # Issues with `scale` times the articles (the first ones the same as
    # with 1): books of one size in issues and several sizes in text.
    p.add_argument("--articles-scale", type=int, default=1)
    a = p.parse_args()
    issues_dir = os.path.join(a.out, "issues")
    os.makedirs(issues_dir, exist_ok=True)
    with open(os.path.join(a.out, "book.yaml"), "w") as f:
        f.write(
            "series: EnqueueZero Techshack\ntitle: \"EnqueueZero Techshack {year}\"\n"
            "author: EnqueueZero\nlanguage: en\n"
        )
    total = 0
    for k in range(a.issues):
        year, number = a.first_year + k // 52, k % 52 + 1
        # One generator per issue, seeded from (seed, k): each issue's text
        # is independent of how many issues are generated.
        rng = random.Random(a.seed * 100003 + k)
        text = issue(year, number, rng, a.articles_scale)
        total += len(text.encode())
        with open(os.path.join(issues_dir, "{}-{:02d}.md".format(year, number)), "w") as f:
            f.write(text)
    print("{}: {} issues, {:.1f} MB".format(a.out, a.issues, total / 1e6))


if __name__ == "__main__":
    main()
