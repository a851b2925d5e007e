#!/usr/bin/python3
"""The Python peer of `fangkong import screenings`: what a data clerk's
script would do with pandas — read a checkpoint's screening log (UTF-8 CSV,
one row per person), validate it the way fangkong does (time, plate,
temperature range, result, ID check digit, phone, fever → 转诊 with a
hospital, a name and an ID or phone unless 放行), match the persons of the
town by ID number, then phone (merges), note sightings of persons under
observation, and write screenings, screened persons, sightings and their
audit rows into SQLite in one transaction with executemany.

    cpimport.py FILE --db DB --checkpoint ID

Prints one JSON line: rows, imported, rejected, sightings.
"""
import argparse
import hashlib
import json
import sqlite3
import time

import numpy as np
import pandas as pd

PROV = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
PLATE = (f"^(?:[{PROV}][A-HJ-NP-Z][A-HJ-NP-Z0-9]{{4}}[A-HJ-NP-Z0-9挂学警港澳领]"
         f"|[{PROV}][A-HJ-NP-Z](?:[DF][A-HJ-NP-Z0-9][0-9]{{4}}|[0-9]{{5}}[DF])|无车牌)$")
RESULTS = ["放行", "登记后放行", "劝返", "转诊", "转集中观察"]
WEIGHTS = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2])
CHECK = np.array(list("10X98765432"))
FEVER = 373  # forehead, tenths of a degree
NOW = 1582164000


def id_ok(docs):
    """ID check digits, vectorised over the 18-character numbers."""
    ok = docs.str.fullmatch(r"[0-9]{17}[0-9X]")
    d = docs[ok]
    if len(d):
        digits = np.frombuffer("".join(d.str[:17]).encode(), dtype=np.uint8).reshape(-1, 17) - 48
        want = CHECK[(digits * WEIGHTS).sum(axis=1) % 11]
        ok.loc[d.index] = want == d.str[17].to_numpy()
    return ok


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("--db", required=True)
    ap.add_argument("--checkpoint", type=int, required=True)
    a = ap.parse_args()
    df = pd.read_csv(a.file, dtype=str, keep_default_na=False)
    df.columns = ["at", "plate", "vtype", "origin", "dest", "name", "doc", "phone", "temp", "result", "hospital"]
    n = len(df)
    at = pd.to_datetime(df["at"], format="%Y-%m-%d %H:%M", errors="coerce")
    df["ts"] = (at.astype("int64") // 10**9 - 8 * 3600).where(at.notna(), -1)
    df["vtype"] = df["vtype"].replace("", "小客车")
    df["plate"] = df["plate"].str.replace(r"[\s·•.-]", "", regex=True).str.upper()
    temp = pd.to_numeric(df["temp"], errors="coerce")
    df["t10"] = (temp * 10).round().fillna(0).astype(int)
    df["fever"] = (df["t10"] >= FEVER).astype(int)
    df["result"] = df["result"].where(df["result"] != "", np.where(df["fever"] == 1, "转诊", "放行"))
    df["doc"] = df["doc"].str.replace(r"\s", "", regex=True).str.upper()
    has_doc, has_phone = df["doc"] != "", df["phone"] != ""
    ok = (df["ts"] > 0) & (df["ts"] <= NOW + 300)
    ok &= (df["vtype"] == "行人") | df["plate"].str.match(PLATE)
    ok &= df["t10"].between(340, 430)
    ok &= df["result"].isin(RESULTS)
    ok &= ~has_doc | (df["doc"].str.len() != 18) | id_ok(df["doc"])
    ok &= ~has_phone | df["phone"].str.fullmatch(r"1[3-9][0-9]{9}")
    ok &= (df["fever"] == 0) | df["result"].isin(["转诊", "转集中观察"])
    ok &= (df["result"] == "放行") | ((df["name"] != "") & (has_doc | has_phone))
    ok &= (df["result"] != "转诊") | (df["hospital"] != "")
    good = df[ok].copy()

    con = sqlite3.connect(a.db)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA foreign_keys=ON")
    persons = pd.read_sql("SELECT id AS person_id, doc_number, phone FROM persons WHERE merged_into IS NULL", con)
    by_doc = persons.dropna(subset=["doc_number"]).drop_duplicates("doc_number")
    by_phone = persons.dropna(subset=["phone"]).drop_duplicates("phone")
    good = good.merge(by_doc[["doc_number", "person_id"]], how="left", left_on="doc", right_on="doc_number")
    good = good.merge(by_phone[["phone", "person_id"]].rename(columns={"person_id": "pid2"}), how="left", on="phone")
    good["person_id"] = good["person_id"].fillna(good["pid2"])
    obs = pd.read_sql("SELECT person_id, id AS obs_id FROM observations WHERE status IN ('active','lost')", con)
    good = good.merge(obs.drop_duplicates("person_id"), how="left", on="person_id")

    t0 = int(time.time())
    first = (con.execute("SELECT coalesce(max(id),0) FROM screenings").fetchone()[0]) + 1
    good["sid"] = np.arange(first, first + len(good))
    sha = hashlib.sha256(open(a.file, "rb").read()).hexdigest()[:16]
    good["cid"] = [f"pyimp-{sha}-{i}" for i in good.index]
    none = lambda s: s.where(s != "", None)  # noqa: E731
    with con:
        con.executemany(
            "INSERT INTO screenings(id,client_id,checkpoint_id,shift_id,at,plate,vehicle_type,origin,flagged,"
            "destination,persons,fevers,created_at) VALUES(?1,?2,?3,(SELECT id FROM shifts WHERE checkpoint_id=?3"
            " AND starts_at<=?4 AND ends_at>?4 ORDER BY starts_at DESC LIMIT 1),?4,?5,?6,?7,EXISTS(SELECT 1 FROM"
            " flagged_areas f WHERE f.active=1 AND instr(?7,f.name)>0),?8,1,?9,?10)",
            zip(good["sid"].tolist(), good["cid"], [a.checkpoint] * len(good), good["ts"].tolist(), good["plate"],
                good["vtype"], good["origin"], good["dest"], good["fever"].tolist(), [t0] * len(good)))
        con.executemany(
            "INSERT INTO screened(screening_id,temp,method,fever,name,doc_number,phone,result,person_id,hospital)"
            " VALUES(?,?,'forehead',?,?,?,?,?,?,?)",
            zip(good["sid"].tolist(), good["t10"].tolist(), good["fever"].tolist(), good["name"],
                none(good["doc"]), none(good["phone"]), good["result"],
                good["person_id"].astype("Int64").astype(object).where(good["person_id"].notna(), None),
                none(good["hospital"])))
        seen = good[good["obs_id"].notna()]
        con.executemany("INSERT INTO sightings(observation_id,screening_id,at) VALUES(?,?,?)",
                        zip(seen["obs_id"].astype(int).tolist(), seen["sid"].tolist(), seen["ts"].tolist()))
        # the audit log is a hash chain: each row hashes the previous one
        prev = (con.execute("SELECT hash FROM audit ORDER BY id DESC LIMIT 1").fetchone() or ["0" * 64])[0]
        rows = []
        alert = good[(good["fever"] == 1) | good["obs_id"].notna()]
        for sid, ob, fev in zip(alert["sid"].tolist(), alert["obs_id"].tolist(), alert["fever"].tolist()):
            for action, entity, eid, detail in ((("observation.sighted", "observation", int(ob),
                                                  json.dumps({"screening_id": sid})),) if ob == ob else ()) + (
                    ("screening.alert", "screening", sid, json.dumps({"fevers": fev, "sightings": int(ob == ob)})),):
                h = hashlib.sha256("\n".join(map(str, (prev, t0, action, entity, eid, detail))).encode()).hexdigest()
                rows.append((t0, action, entity, eid, detail, prev, h))
                prev = h
        con.executemany("INSERT INTO audit(at,username,role,addr,action,entity,entity_id,detail,trace,prev_hash,hash)"
                        " VALUES(?,'import','system','cli',?,?,?,?,'',?,?)", rows)
    print(json.dumps({"rows": n, "imported": len(good), "rejected": n - len(good), "sightings": len(seen)}))


if __name__ == "__main__":
    main()
