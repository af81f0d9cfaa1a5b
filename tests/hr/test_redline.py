"""The redline between two versions: word level, escaped."""

from apps.hr.redline import redline


def test_changed_words_are_deleted_and_inserted():
    html = redline("twee dagen per week", "drie dagen per week")
    assert html == "<del>twee</del><ins>drie</ins> dagen per week"


def test_added_text_is_inserted():
    assert redline("Thuiswerken mag.", "Thuiswerken mag altijd.") == "Thuiswerken mag<ins> altijd</ins>."


def test_text_is_escaped():
    html = redline("a", "<script>alert(1)</script>")
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_line_breaks_are_kept():
    assert "<br>" in redline("een\ntwee", "een\ndrie")


def test_identical_texts_have_no_marks():
    html = redline("gelijk", "gelijk")
    assert "<ins>" not in html and "<del>" not in html
