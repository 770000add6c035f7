#!/usr/bin/env python3
"""Generate N distinct, realistic two-page Markdown résumés (deterministic for a seed).

Usage: gen.py OUT_DIR [N] [SEED]
"""
import os
import random
import sys

FIRST = "Ada Grace Alan Maya Jonas Priya Wei Lena Omar Sofia Diego Hana Ravi Elena Tomás Aisha Noah Yuki Farah Lucas".split()
LAST = "Okafor Lindqvist Moreau Tanaka Kowalski Haddad Novak Fischer Castillo Nakamura Mensah Varga Rossi Iyer Berg Duarte".split()
ROLES = ["Software Engineer", "Senior Software Engineer", "Staff Engineer", "Data Engineer",
         "Platform Engineer", "Engineering Manager", "Backend Engineer", "Site Reliability Engineer"]
COMPANIES = ["Kontora GmbH", "Parcelhive", "Trellis Health", "Halcyon Data", "Northwind Labs",
             "Bluefin Payments", "Orbital Freight", "Lumen Analytics", "Cedar Robotics", "Quill Media"]
CITIES = ["Berlin, Germany", "London, UK", "Lisbon, Portugal", "Toronto, Canada", "Remote",
          "Amsterdam, Netherlands", "Austin, TX", "Warsaw, Poland"]
VERBS = ["Led", "Built", "Designed", "Migrated", "Scaled", "Automated", "Rewrote", "Introduced", "Cut", "Shipped"]
THINGS = ["the billing pipeline", "a streaming ingestion service", "the search index", "our CI fleet",
          "the payments ledger", "an internal feature-flag platform", "the on-call rotation",
          "a Kafka-based event bus", "the customer data warehouse", "the mobile API gateway"]
RESULTS = ["cutting p95 latency by {n}%", "saving {n}k USD per month", "reducing incidents by {n}%",
           "serving {n}M requests per day", "shrinking build times by {n}%", "onboarding {n} teams"]
SKILLS = ["Rust", "Go", "Python", "Kotlin", "TypeScript", "PostgreSQL", "Kafka", "Kubernetes",
          "Terraform", "AWS", "GCP", "Redis", "gRPC", "GraphQL", "Airflow", "dbt"]


def bullet(r):
    result = r.choice(RESULTS).format(n=r.randint(5, 90))
    return f"- **{r.choice(VERBS)} {r.choice(THINGS)}:** {r.choice(VERBS).lower()} {r.choice(THINGS)}, {result}, working with {r.randint(2, 12)} engineers across {r.randint(2, 5)} teams."


def resume(i, r):
    name = f"{r.choice(FIRST)} {r.choice(LAST)} {i}"
    slug = name.lower().replace(" ", ".")
    out = [
        "---",
        f"name: {name}",
        f"headline: {r.choice(ROLES)} · {' · '.join(r.sample(SKILLS, 2))}",
        f"email: {slug}@example.com",
        f"phone: +44 7700 9{r.randint(10000, 99999)}",
        f"location: {r.choice(CITIES)}",
        f"website: https://{slug.replace('.', '')}.example.org",
        "---",
        "",
        f"Engineer with {r.randint(4, 18)} years of experience building {r.choice(THINGS)} and "
        f"{r.choice(THINGS)}. Resume number {i}, generated for the benchmark.",
        "",
        "## Experience",
        "",
    ]
    year = 2025
    for _ in range(5):
        start = year - r.randint(1, 4)
        out += [f"### {r.choice(ROLES)}", "", f"**{r.choice(COMPANIES)}**", "",
                f"_{start} – {year} · {r.choice(CITIES)}_", "",
                f"Worked on {r.choice(THINGS)} and {r.choice(THINGS)} for a team of {r.randint(3, 30)}.", ""]
        out += [bullet(r) for _ in range(r.randint(3, 5))]
        out.append("")
        year = start
    out += ["## Education", "", "### MSc Computer Science", "", "**University of Edinburgh**", "",
            f"_{year - 2} – {year}_", "", "Thesis on consistency trade-offs in replicated stores.", "",
            "## Skills", "", "| Area | Tools |", "|---|---|"]
    for area in ["Languages", "Data", "Infrastructure", "Practices"]:
        out.append(f"| {area} | {', '.join(r.sample(SKILLS, 5))} |")
    out += ["", "## Languages", "", "- English: native", f"- German: {r.choice(['B2', 'C1', 'A2'])}", ""]
    return "\n".join(out)


def main():
    out_dir = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 42
    os.makedirs(out_dir, exist_ok=True)
    r = random.Random(seed)
    for i in range(n):
        with open(os.path.join(out_dir, f"resume-{i:04d}.md"), "w") as f:
            f.write(resume(i, r))


if __name__ == "__main__":
    main()
