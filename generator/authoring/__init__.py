"""The editor's commands: ``briefing new``, ``briefing import`` and ``briefing reference``.

``commands`` (their arguments and messages), ``scaffold`` (a new entry's skeleton),
``importer`` (an article's text -> an entry) with its parsing helpers ``article_text``,
``attribution`` and ``terms`` (guessing regions and themes from the text), and
``yaml_writer`` (YAML written the way an editor would write it).
"""
