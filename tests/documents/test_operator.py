from __future__ import annotations

import datetime as dt

import pytest

from alize_desktop.documents import DocumentError, build_document

from .conftest import money


def test_operator_convention_facts(basin, build):
    pages = build("operator", basin, convention_id="conv1")
    text = " ".join(pages)
    assert "du 1er mars 2024 au 28 février 2027" in text
    assert "FR73 0353 1469 1417 1430 4355 469" in text
    assert "FR93 5937 7151 2158 9417 8869 424" in text
    assert "Crédit Coopératif" in text and "Banque Populaire" in text
    assert money(1000000) in text
    assert "demandes de fonds publics" in text
    assert "Opérateur & Co <Local>" in text
    signatures = text[text.index("établie en 2 exemplaires originaux") :]
    assert signatures.count("Signataire :") == 2
    assert "Noël Lefèvre, Délégué général" in signatures and "Hélène Périer" in signatures
    assert "Fait à Metz, le 20 février 2024" in signatures
    # Liability, insurance, reporting deadlines (three months after each year) and audit rights.
    for clause in ("Responsabilité de l'opérateur local", "Assurances", "Comptes rendus et délais",
                   "au plus tard le 31 mai 2025, le 31 mai 2026 et le 31 mai 2027",
                   "Contrôle", "vérifier sur pièces et sur place"):
        assert clause in text, clause
    assert f"Page {len(pages)} / {len(pages)}" in pages[-1]


def test_operator_cap_follows_settings(basin, build):
    basin["basin"]["settings"]["operator_reimbursement_cap_cents"] = 1250050
    assert money(1250050) in " ".join(build("operator", basin, convention_id="conv1"))


def test_operator_needs_a_convention_id(basin, tmp_path):
    with pytest.raises(DocumentError, match="indiquer la convention"):
        build_document("operator", basin, tmp_path / "x.pdf", as_of=dt.date(2026, 11, 26))
    with pytest.raises(DocumentError, match="type de document inconnu"):
        build_document("brochure", basin, tmp_path / "x.pdf", convention_id="conv1", as_of=dt.date(2026, 11, 26))


def test_as_of_is_ignored_by_documents_without_dates(basin, tmp_path):
    import datetime as dt

    build_document("operator", basin, tmp_path / "x.pdf", convention_id="conv1", as_of=dt.date(2025, 1, 1))
    assert (tmp_path / "x.pdf").stat().st_size > 0
