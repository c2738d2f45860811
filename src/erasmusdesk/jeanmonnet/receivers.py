"""What the Jean Monnet workspace holds about a person, for their personal-data download
(accounts/personal_data.py). Proposals are the university's applications to the European
Commission and stay after an erasure (the account itself is anonymised by accounts)."""

from django.dispatch import receiver

from erasmusdesk.accounts.personal_data import collecting_personal_data
from erasmusdesk.jeanmonnet.models import Proposal, ProposalComment, ProposalDocument


@receiver(collecting_personal_data, dispatch_uid="jeanmonnet.personal_data")
def proposals_of(sender, user, **kwargs) -> dict:
    proposals = [
        {
            "title": proposal.title,
            "action": proposal.action,
            "call_year": proposal.call_year,
            "state": proposal.state,
            "created": proposal.created.isoformat(),
        }
        for proposal in Proposal.objects.filter(owner=user)
    ]
    comments = [
        {
            "proposal": comment.proposal.title,
            "text": comment.text,
            "written": comment.created.isoformat(),
        }
        for comment in ProposalComment.objects.filter(author=user).select_related("proposal")
    ]
    files = [
        {
            "proposal": document.proposal.title,
            "document": document.code,
            "file_name": document.display_name,
            "size": document.size,
            "sha256": document.sha256,
            "uploaded": document.uploaded_at.isoformat(),
        }
        for document in ProposalDocument.objects.filter(uploaded_by=user).select_related("proposal")
    ]
    return {
        "jean_monnet_proposals": proposals,
        "jean_monnet_comments": comments,
        "jean_monnet_documents": files,
    }
