"""Labour-relations text toolkit: segment, classify and measure Chinese union news and
employee suggestions.

The pipeline, one module per stage::

    page text --corpus.split_page--> articles --tokenize--> tokens
              --themes--> themes    --indicators--> indicators (on numbers)
              --places--> places    --suggestions.triage--> triage table
              --report--> one HTML page

Importing the package is cheap: no dictionary or model is loaded until first use.
"""

__version__ = "0.1.0"
