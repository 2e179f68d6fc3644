"""Small SAMHSA locator rows for tests, shaped like the real feed (strings throughout)."""

import json

DEFAULT = object()


def row(frid="a1b2c3", services=DEFAULT, **fields) -> dict:
    base = {
        "_irow": 1,
        "frid": frid,
        "name1": "Harbor Light Recovery Center",
        "name2": "",
        "street1": "12 W 31st St",
        "street2": "",
        "city": "New York",
        "state": "NY",
        "zip": "10001-2345",
        "phone": "212-555-0100",
        "intake1": "212-555-0101",
        "intake2": "",
        "hotline1": "",
        "website": "www.harborlight.example.org",
        "latitude": "40.748400",
        "longitude": "-73.996700",
        "miles": 1.2,
        "typeFacility": "SA",
        "otp_id_number": "",
        "services": [service("SET", "Intensive outpatient treatment")] if services is DEFAULT else services,
        "services_spanish": "",
    }
    base.update(fields)
    return base


def service(code: str, *values: str, label: str = "") -> dict:
    return {"f1": label or f"Category {code}", "f2": code, "f3": "; ".join(values)}


def envelope(rows: list, page: int = 1, total_pages: int = 1) -> dict:
    return {"page": page, "totalPages": total_pages, "recordCount": len(rows), "rows": rows}


def dumps(document) -> bytes:
    return json.dumps(document).encode()
