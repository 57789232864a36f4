from django.contrib import admin

from hotseat.admin_base import ReadAndDelete
from hotseat.proposals.models import GroupProposal


# Drafts change through the propose page (hotseat/proposals/actions.py).
@admin.register(GroupProposal)
class GroupProposalAdmin(ReadAndDelete):
    list_display = ("__str__", "cohort", "state", "revision", "created_by", "updated_at")
    list_filter = ("state",)
    list_select_related = ("cohort__program", "created_by")
