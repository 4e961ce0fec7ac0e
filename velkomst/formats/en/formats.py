# The English interface keeps Danish dates and numbers: the users are in Copenhagen.
from velkomst.formats.da.formats import *  # noqa: F401,F403
