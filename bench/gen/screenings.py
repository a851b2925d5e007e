#!/usr/bin/python3
"""A checkpoint's screening log as UTF-8 CSV (one row per person screened),
seeded and deterministic, for bench/run.sh's checkpoint case:

    screenings.py --db town.db --rows 1000000 --seed 2020 --out FILE

The week before the town's "now" (2020-02-13 … 2020-02-20 10:00 CST), a
checkpoint's traffic: 60% of rows are persons of the town (their name, ID
number and phone from town.db), 15% travellers not in the town (name and
phone), 25% passers-by let through without a name; cars with plates of
Guangdong and of other provinces (湖北 among them), a few pedestrians;
about 0.5% fevers, referred to a hospital; some 劝返 and 登记后放行.
Prints one JSON line: rows and the counts by kind.
"""
import argparse
import csv
import datetime
import json
import random
import sqlite3

HEADER = ["检测时间", "车牌号", "车辆类型", "来源地", "目的地", "姓名", "身份证号",
          "联系电话", "体温", "处理结果", "转诊医院"]
PROV = ["粤"] * 12 + ["鄂", "湘", "桂", "赣", "闽", "川", "豫"]
ORIGINS = ["广东佛山", "广东广州", "广东广州", "广东佛山", "广东肇庆", "广东清远", "湖北武汉",
           "湖北孝感", "湖南长沙", "广西南宁", "江西赣州", "四川成都", "河南信阳"]
LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
ALNUM = "0123456789" * 3 + "ABCDEFGHJKLMNPQRSTUVWXYZ"
VTYPES = ["小客车"] * 14 + ["货车", "客车", "摩托车", "行人"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红"
HOSPITALS = ["南海区第四人民医院", "里水医院", "南海区人民医院"]
START = 1582164000 - 7 * 86400  # 2020-02-13 10:00 CST
SPAN = 7 * 86400


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", required=True)
    ap.add_argument("--rows", type=int, default=1000000)
    ap.add_argument("--seed", type=int, default=2020)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    # (immutable: no -wal/-shm next to a town other checkouts may share)
    con = sqlite3.connect(f"file:{a.db}?mode=ro&immutable=1", uri=True)
    town = con.execute("SELECT name, doc_number, phone FROM persons WHERE doc_number IS NOT NULL"
                       " AND phone IS NOT NULL ORDER BY id").fetchall()
    villages = [r[0] for r in con.execute("SELECT name FROM villages ORDER BY id")]
    con.close()
    kinds = {"town": 0, "traveller": 0, "anonymous": 0, "fever": 0, "pedestrian": 0}
    # times in order, as a log is kept: spread evenly over the week
    step = SPAN / max(a.rows, 1)
    with open(a.out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        plate, vtype, origin, dest, left = "", "", "", "", 0
        for i in range(a.rows):
            if left == 0:  # a new vehicle with 1–4 people (or a pedestrian)
                vtype = rnd.choice(VTYPES)
                if vtype == "行人":
                    plate, left = "", 1
                    kinds["pedestrian"] += 1
                else:
                    plate = rnd.choice(PROV) + rnd.choice(LETTERS) + "".join(rnd.choice(ALNUM) for _ in range(5))
                    left = rnd.choice((1, 1, 1, 2, 2, 3, 4))
                origin = rnd.choice(ORIGINS)
                dest = rnd.choice(villages) if rnd.random() < 0.7 else "过境"
            left -= 1
            t = START + int(i * step)
            tm = t + 8 * 3600  # CST wall clock
            days, sec = divmod(tm, 86400)
            # 1970-01-01 + days: via the proleptic Gregorian ordinal
            d = datetime.date.fromordinal(719163 + days)
            at = f"{d.year}-{d.month:02d}-{d.day:02d} {sec // 3600:02d}:{sec % 3600 // 60:02d}"
            temp = round(rnd.gauss(36.5, 0.25), 1)
            temp = min(max(temp, 35.5), 37.2)
            hospital = ""
            r = rnd.random()
            if r < 0.60:
                name, doc, phone = rnd.choice(town)
                kinds["town"] += 1
            elif r < 0.75:
                name = rnd.choice(SURNAMES) + rnd.choice(GIVEN) + (rnd.choice(GIVEN) if rnd.random() < 0.6 else "")
                doc, phone = "", "1" + rnd.choice("3589") + "".join(rnd.choice("0123456789") for _ in range(9))
                kinds["traveller"] += 1
            else:
                name, doc, phone = "", "", ""
                kinds["anonymous"] += 1
            if name and rnd.random() < 0.005:
                temp = round(rnd.uniform(37.3, 39.0), 1)
                result, hospital = "转诊", rnd.choice(HOSPITALS)
                kinds["fever"] += 1
            elif name:
                result = rnd.choice(("放行", "放行", "放行", "登记后放行", "登记后放行", "劝返"))
            else:
                result = "放行"
            w.writerow([at, plate, vtype, origin, dest, name, doc, phone, f"{temp:.1f}", result, hospital])
    print(json.dumps({"file": a.out, "rows": a.rows, "seed": a.seed, **kinds}, ensure_ascii=False))


if __name__ == "__main__":
    main()
