typedef int pw_placeholder_document;
