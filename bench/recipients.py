#!/usr/bin/env python3
"""Writes a CSV of N made-up attorneys for mailing tests and benchmarks (deterministic).
Usage: bench/recipients.py N > recipients.csv"""
import csv
import random
import sys

FIRST = ["Maria", "Robert", "Ellen", "Dana", "James", "Aisha", "Luis", "Grace", "Tomás", "Nora",
         "Samuel", "Priya", "Owen", "Chen", "Fatima", "Diego", "Hannah", "Kwame", "Irene", "Jonah"]
LAST = ["Lopez", "Smith", "Nakamura", "O'Neil", "Baca", "Chavez", "Okafor", "Martínez", "Nguyen",
        "Goldberg", "Yazzie", "Romero", "Patel", "Kowalski", "Begay", "Herrera", "Park", "Dubois"]
STREETS = ["Gold Ave. S.W.", "Lomas Blvd. N.W.", "Central Ave.", "Main St.", "Church St.",
           "Federal Pl.", "Lincoln Ave.", "Guadalupe St."]
CITIES = [("Albuquerque", "87102"), ("Santa Fe", "87501"), ("Las Cruces", "88001"),
          ("Roswell", "88201"), ("Farmington", "87401")]

def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    rng = random.Random(7)
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["prefix", "name", "firm", "address1", "address2", "city", "state", "zip",
                  "email", "bar_number"])
    for i in range(n):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        city, zip_code = rng.choice(CITIES)
        out.writerow([rng.choice(["Ms.", "Mr.", "Mx.", ""]), f"{first} {last}",
                      rng.choice(["", f"{last} & Associates {i}", f"{last} Law {i}, P.C."]),
                      f"{100 + i} {rng.choice(STREETS)}", rng.choice(["", f"Suite {i % 900 + 100}"]),
                      city, "NM", zip_code, f"attorney{i}@example.com", f"NM-{i:05d}"])

if __name__ == "__main__":
    main()
