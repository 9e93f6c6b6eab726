-- Lead numbers of the leads the early-warning rules open in bulk: 'Y' + yyyymmdd + this sequence
-- (11 digits; 20 characters in all), unique without asking the table for each lead.
CREATE SEQUENCE "early_warning_lead_no_seq";
