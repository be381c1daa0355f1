"""The office's own wording of the documents' articles (Bassin › Modèles de documents)."""

from __future__ import annotations

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class DocumentArticle(Base):
    """An article text the office adapted; without a row, the program's own text is printed.

    `key` is the article's key in the documents' registry (``cooperation.objet``), `text` the
    template with its placeholders (``{entreprise}``), checked when it was saved."""

    __tablename__ = "document_article"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    text: Mapped[str] = mapped_column(Text)
