"""Template filters of the angka kredit pages: numbers in Indonesian notation."""

from decimal import Decimal

from django import template

from kinerja.tindaklanjut.angkakredit import aturan

register = template.Library()


@register.filter
def ak(value: Decimal | None) -> str:
    """2,083 / 1.234,500 / —"""
    return aturan.format_ak(value)


@register.filter
def koefisien(value: Decimal | None) -> str:
    """3,75 / 12,5 / 25 / —"""
    return aturan.format_koefisien(value)
