#!/usr/bin/python3
"""The Python peer of `fangkong import list`, for the benchmark.

What a district data clerk scripts with: pandas + openpyxl (Debian's
python3-pandas and python3-openpyxl), doing the same work on the same
database file: read the list (XLSX through openpyxl's read-only mode, which
pandas.read_excel uses; GB18030 CSV through pandas.read_csv), find the header
row under the title rows, validate ID numbers (format, birth date, GB 11643
check digit, Excel-mangled numbers), read arrival dates, drop unusable phones,
mark in-file duplicates, match persons (same ID number, else same name and
phone), find same-name-and-birth-date candidates for new persons, place each
person in a village (village column by name or alias, else the address),
flag persons already under observation, and write the list, its rows, the
new persons and one verification task per person in one transaction with
executemany.  Written the way pandas users write it: vectorised columns,
merges instead of loops, one read of the registry.

    listimport.py FILE --db F [--source S]

prints one JSON line like `fangkong import list --json`.
"""
import argparse
import hashlib
import json
import sqlite3
import sys
import time

import numpy as np
import pandas as pd

HEADERS = {
    "name": ["姓名", "名字", "人员姓名"],
    "doc_number": ["身份证号码", "身份证号", "证件号码", "证件号", "公民身份号码", "身份证"],
    "phone": ["联系电话", "手机", "手机号", "手机号码", "电话", "联系方式"],
    "address": ["现住址", "现居住地址", "居住地址", "详细地址", "住址", "地址"],
    "village": ["所属村居", "村居", "社区", "所属社区", "所属村"],
    "origin": ["来源地", "途经地", "出发地"],
    "arrival": ["返回日期", "到达日期", "抵达时间", "返乡时间", "到达时间", "返回时间"],
}
WEIGHTS = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2], dtype=np.int64)
CHECK = np.array(list("10X98765432"))


def read_list(path):
    if path.lower().endswith((".xlsx", ".xlsm")):
        raw = pd.read_excel(path, header=None, dtype=object, engine="openpyxl")
    else:
        raw = pd.read_csv(path, header=None, dtype=str, encoding="gb18030",
                          keep_default_na=False, skip_blank_lines=False)
    # the header row: the first of the first 30 rows naming a name and an ID column
    for i in range(min(30, len(raw))):
        cells = [str(c).strip() for c in raw.iloc[i].tolist()]
        if any(c in HEADERS["name"] for c in cells) and any(c in HEADERS["doc_number"] for c in cells):
            df = raw.iloc[i + 1:].reset_index(drop=True)
            df.columns = cells
            return df, i + 1
    sys.exit("找不到表头行")


def pick(df, field):
    for h in HEADERS[field]:
        if h in df.columns:
            return df[h]
    return pd.Series([""] * len(df), index=df.index, dtype=object)


def as_text(s):
    return s.map(lambda v: "" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v).strip())


def validate_ids(raw_ids, today):
    """→ (normalised ID, error code or '') for each row, vectorised."""
    is_number = raw_ids.map(lambda v: isinstance(v, (int, float)) and not isinstance(v, bool))
    ids = as_text(raw_ids).str.upper().str.replace(" ", "", regex=False)
    err = pd.Series("", index=ids.index, dtype=object)
    err[is_number | ids.str.contains("E+", regex=False)] = "id_excel"
    fmt = ids.str.fullmatch(r"\d{17}[\dX]")
    err[(err == "") & ~fmt] = "id_format"
    ok = err == ""
    birth = pd.to_datetime(ids[ok].str[6:14], format="%Y%m%d", errors="coerce")
    bad_birth = birth.isna() | (birth > today)
    err[bad_birth[bad_birth].index] = "id_birth"
    ok = err == ""
    if ok.any():
        digits = np.frombuffer("".join(ids[ok].str[:17]).encode(), dtype=np.uint8).reshape(-1, 17) - 48
        want = CHECK[(digits.astype(np.int64) @ WEIGHTS) % 11]
        bad = want != ids[ok].str[17].to_numpy()
        err[ids[ok].index[bad]] = "id_checksum"
    return ids, err


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("--db", required=True)
    ap.add_argument("--source", default="未注明")
    a = ap.parse_args()
    t0 = time.time()
    now = int(time.time())
    today = pd.Timestamp("2020-02-20")
    df, header_row = read_list(a.file)
    df = df.replace("", np.nan).dropna(how="all")  # blank rows
    row_no = pd.Series(df.index + header_row + 1)
    df = df.reset_index(drop=True)

    name = as_text(pick(df, "name"))
    ids, id_err = validate_ids(pick(df, "doc_number"), today)
    phone = as_text(pick(df, "phone")).str.replace(r"[\s-]", "", regex=True)
    phone_ok = phone.str.fullmatch(r"1[3-9]\d{9}")
    phone = phone.where(phone_ok, "")
    address = as_text(pick(df, "address"))
    village_text = as_text(pick(df, "village"))
    origin = as_text(pick(df, "origin"))
    arrival_raw = pick(df, "arrival")
    arrival = pd.to_datetime(arrival_raw, errors="coerce")
    arrival = arrival.where((arrival >= "2019-01-01") & (arrival <= "2021-12-31"))
    arrival_s = arrival.dt.strftime("%Y-%m-%d")

    err = id_err.where(id_err != "", np.where(name == "", "name_required", ""))
    accepted = err == ""
    key = ids.where(accepted)
    dup = accepted & key.duplicated(keep="first")
    status = np.where(~accepted, "rejected", np.where(dup, "duplicate", "accepted"))
    problems = [json.dumps([{"code": e}], ensure_ascii=False) if e else "[]" for e in err]
    cells = df.fillna("").astype(str).to_numpy().tolist()

    con = sqlite3.connect(a.db, isolation_level=None)
    con.execute("PRAGMA busy_timeout=10000")
    con.execute("PRAGMA foreign_keys=ON")
    con.execute("PRAGMA synchronous=FULL")
    persons = pd.read_sql_query(
        "SELECT id AS person_id, doc_number, name, phone, birth_date FROM persons "
        "WHERE merged_into IS NULL", con)
    villages = pd.read_sql_query("SELECT id, name, aliases FROM villages", con)
    open_obs = pd.read_sql_query(
        "SELECT person_id FROM observations WHERE status IN ('active','lost')", con)

    ok = pd.DataFrame({
        "row": np.arange(len(df)), "name": name, "doc_number": ids, "phone": phone,
        "address": address, "village_text": village_text, "origin": origin,
        "arrival": arrival_s,
    })[accepted & ~dup]
    by_doc = ok.merge(persons[["person_id", "doc_number"]], on="doc_number", how="left")
    miss = by_doc["person_id"].isna() & (by_doc["phone"] != "")
    if miss.any():
        by_np = (by_doc.loc[miss, ["row", "name", "phone"]]
                 .merge(persons[["person_id", "name", "phone"]].drop_duplicates(["name", "phone"]),
                        on=["name", "phone"], how="inner"))
        by_doc = by_doc.set_index("row")
        by_doc.loc[by_np["row"], "person_id"] = by_np["person_id"].to_numpy()
        by_doc = by_doc.reset_index()
    m = by_doc

    # villages: exact name/alias of the village column, else a name in the address
    keys = {}
    for v in villages.itertuples():
        for k in [v.name] + [x for x in v.aliases.split(",") if x]:
            keys[k] = v.id
    ordered = sorted(keys, key=len, reverse=True)
    pattern = "(" + "|".join(ordered) + ")"
    vid = m["village_text"].map(keys)
    need = vid.isna()
    found = m.loc[need, "village_text"].str.extract(pattern, expand=False)
    vid[need] = found.map(keys)
    need = vid.isna()
    found = m.loc[need, "address"].str.extract(pattern, expand=False)
    vid[need] = found.map(keys)
    m["village_id"] = vid

    new = m["person_id"].isna()
    n_new = int(new.sum())
    nb = m.loc[new, "doc_number"]
    birth = nb.str[6:10] + "-" + nb.str[10:12] + "-" + nb.str[12:14]
    sex = np.where(nb.str[16].astype(int) % 2 == 1, 1, 2)
    # same name and birth date: candidates for a one-click same-person decision
    cand = (pd.DataFrame({"row": m.loc[new, "row"], "name": m.loc[new, "name"], "birth_date": birth})
            .merge(persons[["person_id", "name", "birth_date"]], on=["name", "birth_date"])
            .groupby("row")["person_id"].agg(lambda s: json.dumps([int(x) for x in s[:5]])))
    m["candidates"] = m["row"].map(cand).fillna("[]")
    flagged = m["person_id"].isin(open_obs["person_id"])
    m["flag"] = np.where(flagged, "已在管控", "")

    sha = hashlib.sha256(open(a.file, "rb").read()).hexdigest()
    deadline = now + 24 * 3600
    cur = con.cursor()
    cur.execute("BEGIN IMMEDIATE")
    cur.execute(
        "INSERT INTO lists(source,batch,filename,sha256,sheet,header_row,header,mapping,received_at,"
        "deadline_at,rows,accepted,rejected,duplicates,created_at) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (a.source, "", a.file.rsplit("/", 1)[-1], sha, "", header_row,
         json.dumps(list(df.columns), ensure_ascii=False), "{}", now, deadline, len(df),
         int((status == "accepted").sum()), int((status == "rejected").sum()),
         int((status == "duplicate").sum()), now))
    list_id = cur.lastrowid
    base_row = cur.execute("SELECT coalesce(max(id),0) FROM list_rows").fetchone()[0]
    cur.executemany(
        "INSERT INTO list_rows(id,list_id,row_no,cells,status,problems) VALUES(?,?,?,?,?,?)",
        zip(range(base_row + 1, base_row + 1 + len(df)), [list_id] * len(df), row_no.tolist(),
            (json.dumps(c, ensure_ascii=False) for c in cells), status.tolist(), problems))
    base_person = cur.execute("SELECT coalesce(max(id),0) FROM persons").fetchone()[0]
    new_ids = np.arange(base_person + 1, base_person + 1 + n_new)
    nm = m.loc[new]
    cur.executemany(
        "INSERT INTO persons(id,name,name_py,sex,doc_type,doc_number,birth_date,phone,address,"
        "village_id,source,created_at,updated_at) VALUES(?,?,'',?,'id_card',?,?,?,?,?,'上级下发',?,?)",
        zip(new_ids.tolist(), nm["name"], sex.tolist(), nm["doc_number"], birth,
            nm["phone"].replace("", None), nm["address"],
            [None if pd.isna(x) else int(x) for x in nm["village_id"]], [now] * n_new, [now] * n_new))
    m.loc[new, "person_id"] = new_ids
    cur.executemany(
        "INSERT INTO tasks(list_id,list_row_id,person_id,village_id,status,flag,candidates,"
        "arrival_date,origin,deadline_at,created_at) VALUES(?,?,?,?,'open',?,?,?,?,?,?)",
        zip([list_id] * len(m), (base_row + 1 + m["row"]).tolist(), m["person_id"].astype(int).tolist(),
            [None if pd.isna(x) else int(x) for x in m["village_id"]], m["flag"], m["candidates"],
            [None if pd.isna(x) else x for x in m["arrival"]], m["origin"], [deadline] * len(m),
            [now] * len(m)))
    cur.execute("COMMIT")
    con.close()
    print(json.dumps({
        "list_id": list_id, "rows": len(df), "accepted": int((status == "accepted").sum()),
        "rejected": int((status == "rejected").sum()), "duplicates": int((status == "duplicate").sum()),
        "matched_existing": int(len(m) - n_new), "new_persons": n_new,
        "dispatched": int(m["village_id"].notna().sum()), "unassigned": int(m["village_id"].isna().sum()),
        "flagged": int(flagged.sum()), "seconds": round(time.time() - t0, 2)}))


if __name__ == "__main__":
    main()
