//! Reader for issues captured as plain text from the rendered web page.
