"""An idea's team: invitations (from a recommendation or not), join requests and their answers, the outcome
loop. The same shape as every domain: `routes`, `forms`, `service`, `queries`."""
