"""Steps several browser tests take."""


def wait_for_body_editor(page):
    """Until TinyMCE has the body; a function, as the CSP lets Playwright poll it (an expression needs eval)."""
    page.wait_for_function("() => window.tinymce && tinymce.activeEditor && tinymce.activeEditor.initialized")
