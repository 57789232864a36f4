"""The forum spaces of masterminds: a private group, category and welcome topic on the program's Discourse."""
