"""The clinic's front desk: the request store, the staff web page, its JSON API and CLI.

Patients' names, phone numbers and messages are health data: nothing in this
package writes them to a log (only request references, kinds and statuses).
"""
