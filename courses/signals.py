from django.dispatch import Signal

# Sent exactly once per enrollment, after the transaction that completed it commits.
# Receivers get ``enrollment`` (a courses.Enrollment). Certificates listen to it.
course_completed = Signal()
