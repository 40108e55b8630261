"""The draft coach's corpus: drafts with one planted problem each (every rule at least twice, personal
data in all its forms) and good drafts full of technical identifiers and the engineer's own signature.

Each entry is judged with its own context (template, customer, ball, our earlier email, the customer's
email). The figures it gives are in the README.
"""

from __future__ import annotations

from dataclasses import dataclass, field

SIGNATURE = """Kind regards,

Jane Smith
Support Engineer | Data Movement
Contoso Support
Email: jane.smith@contoso.example
Phone: +1 (980) 776-7642 X67642
Working hours: Mon–Fri 08:00–17:00 EST (14:00–23:00 UTC)
Manager: Lee Park - lee.park@contoso.example
"""
KNOWN = ("jane.smith@contoso.example", "+1 (980) 776-7642", "lee.park@contoso.example")


@dataclass(frozen=True)
class Sample:
    name: str
    body: str
    template: str = "status_next_steps"
    customer: str = "Alex Doe"
    ball: str = "ours"
    earlier: tuple[str, ...] = ()
    customer_email: str | None = None
    planted: str | None = None  # the rule that must find it (None: a good draft)
    has_case: bool = True
    known: tuple[str, ...] = field(default=KNOWN)


def mail(greeting: str, *paragraphs: str) -> str:
    return "\n\n".join([greeting, *paragraphs, SIGNATURE])


# ----- good drafts: technical, personal, with ETAs, choices and outlines where they belong ------------------

UPDATE_EARLIER = mail(
    "Hello Alex,",
    "The copy activity 4f6b2a1e-9c3d-4e8f-a2b1-7d6c5e4f3a2b failed with ErrorCode=2200 after 7201 seconds.",
    "I reproduced the timeout on integration runtime 5.44.8984.1 with your pipeline definition.",
    "The throughput drops from 45.6 MB/s to 0.2 MB/s when the sink reaches the DTU limit of the S3 tier.",
    "I will send you the analysis of the sink metrics by Thursday 10:00 EST.",
)

GOOD: list[Sample] = [
    Sample(
        "update with run ids and ETA",
        mail(
            "Hello Alex,",
            "Thank you for the logs of run 20261202-1130. The copy activity 4f6b2a1e-9c3d-4e8f-a2b1-7d6c5e4f3a2b "
            "failed with ErrorCode=2200 and HResult 0x80070005 on IR node IR-NODE-02 (version 5.44.8984.1).",
            "I compared them with build 19045.3803 of your node and found that the service account lost access "
            "to C:\\ProgramData\\SSISTelemetry after KB5034441 was installed.",
            "I will test the permission change in our lab and send you the result by Thursday 10:00 EST.",
        ),
    ),
    Sample(
        "update with IPs and ports",
        mail(
            "Hi Priya,",
            "The private endpoint 10.1.4.5 answers on port 1433, but 10.20.30.40:51234 -> 52.174.12.201:443 is "
            "denied by NSG rule priority 4096 (correlation id 7c9e6679-7425-40de-944b-e07fc1f90ae7).",
            "I have asked our networking team to review the rule set with me today; you will hear from me by "
            "tomorrow 12:00 IST with the result.",
        ),
        customer="Priya Natarajan",
    ),
    Sample(
        "request for information hands the ball over",
        mail(
            "Hello Lena,",
            "To find out why the self-hosted IR goes offline at 02:00 CET, I need the event log of node "
            "IR-NODE-02 between 2026-12-01 01:30 and 02:30.",
            "Could you export it (Event Viewer > Applications and Services Logs > Connectors - Integration Runtime) "
            "and upload it to the case workspace?",
        ),
        customer="Lena Vogel",
        ball="theirs",
    ),
    Sample(
        "resource ids and error codes",
        mail(
            "Hello Marcus,",
            "The deadlocks on /subscriptions/3f2504e0-4f89-11d3-9a0c-0305e82c3301/resourceGroups/rg-sql/providers/"
            "Microsoft.Sql/servers/sql-contoso-01/databases/sales started after the scale-up to 8 vCores on "
            "2026-12-02 at 11:00 UTC. Error 1205 appears 37 times between 11:02 and 11:47.",
            "I am analysing the deadlock graphs (query hash 0x8B3C9D1E2F3A4B5C) and will send you the findings by "
            "Friday 15:00 PST.",
        ),
        customer="Marcus Reed",
    ),
    Sample(
        "throttling with choices",
        mail(
            "Hi Sofia,",
            "The throttling (HTTP 429, substatus 3200) comes from the partition limit of 1 MB/s per partition "
            "on namespace eh-contoso-prod. This is a limitation of the Standard tier.",
            "You have two options: move the namespace to the Premium tier now, or spread the events over the 32 "
            "partitions with a partition key. Which would you prefer? I can help with either on a call.",
        ),
        customer="Sofia Alvarez",
        ball="theirs",
    ),
    Sample(
        "delay with options and preference",
        mail(
            "Hello Kenji,",
            "The fix for the quota error in job 987654321 has been delayed to the next release (runtime 13.4 LTS), "
            "planned for 15 January.",
            "In the meantime there is a workaround: request a quota increase for Standard_DS3_v2 in Japan East. "
            "Alternatively, we can keep the case open until the release. Which do you prefer?",
        ),
        customer="Kenji Sato",
        ball="theirs",
    ),
    Sample(
        "initial response with a first question",
        mail(
            "Hello Alex,",
            "Thank you for reaching out to Contoso Support. I am Jane Smith, and I will be working with you on "
            "case 2611010010004711 from here on.",
            "Here is the issue as I understand it: the copy activity from SAP HANA to ADLS Gen2 times out after 2 "
            "hours (run 20261202-1130, IR 5.44.8984.1).",
            "If I have missed something, please tell me.",
            "Could you send me the activity run id of the last failed run and the output of the "
            "diagnostic tool on IR-NODE-02? With them I can check the network path to 10.20.30.40:30015.",
            "You will hear from me by Thursday 09:00 CST at the latest.",
        ),
        template="initial_response",
    ),
    Sample(
        "initial response with a step taken",
        mail(
            "Hello Priya,",
            "Thank you for contacting Contoso Support; I will be working with you on case 2611020010004712.",
            "As I understand it, the Spark pool sparkpool01 does not start since 2026-12-01 08:00 IST.",
            "I checked the pool's activity log: the start fails with error 0x80131500 because the subnet "
            "10.1.8.0/27 has no free IP addresses left (32 addresses, 27 in use, 5 reserved).",
            "I will prepare the steps to move the pool to a /26 subnet and send them by tomorrow 11:00 IST.",
        ),
        template="initial_response",
        customer="Priya Natarajan",
    ),
    Sample(
        "LQR resolved, full outline",
        mail(
            "Hello Lena,",
            "Thank you for confirming that case 2611030010004713 can be closed. Here is a short summary for your "
            "records.",
            "What you asked us: the self-hosted integration runtime went offline every night at 02:00 CET.",
            "What we did: we found that the Windows Update task on IR-NODE-02 restarted the node during the "
            "nightly load; we moved the maintenance window to Sunday 04:00 and enabled high availability with "
            "a second node.",
            "For the future: we recommend monitoring the node with the Integration Runtime status alert, and "
            "keeping at least two nodes (see the high availability guide).",
            "You may receive a short survey about your support experience; your feedback helps us improve.",
            "Thank you for choosing Contoso products.",
        ),
        template="lqr_resolved",
        customer="Lena Vogel",
        ball="none",
    ),
    Sample(
        "LQR resolved by the customer",
        mail(
            "Hello Marcus,",
            "Great news, and thank you for letting me know that the deadlocks you reported after the scale-up "
            "are solved. Could you share which steps solved it?",
            "For the future: keep READ_COMMITTED_SNAPSHOT on, and review the index on [dbo].[Sales] after each "
            "scale operation.",
            "With your agreement I will now close the case; this email is its summary for your records.",
            "You may receive a short survey about your support experience; your feedback is very welcome.",
            "Thank you for choosing Contoso products.",
        ),
        template="lqr_resolved_by_customer",
        customer="Marcus Reed",
        ball="none",
    ),
    Sample(
        "answers both of the customer's questions",
        mail(
            "Hello Alex,",
            "The fix will be deployed to West Europe on Thursday 3 December; the rollout starts at 09:00 UTC.",
            "The Spark pool is not affected: only copy activities on IR versions below 5.44 use the old driver.",
            "I will confirm the deployment to you by Thursday 12:00 UTC.",
        ),
        customer_email=(
            "Hi Jane,\n\nCan you tell me when the fix will be deployed to West Europe? Also, is the Spark pool "
            "affected?\n\nThanks,\nAlex\n"
        ),
    ),
    Sample(
        "a new update after an earlier one",
        mail(
            "Hello Alex,",
            "Since my email of Tuesday, the sink analysis is done: the S3 tier reached 100 DTUs at 11:31 and "
            "stayed there for 47 minutes.",
            "Scaling to S4 for the load window (01:00 to 03:00 UTC) keeps the copy below 60% DTU in my test with "
            "4111 rows per batch.",
            "I will send you the script to scale before and after the load by Friday 10:00 EST.",
        ),
        earlier=(UPDATE_EARLIER,),
    ),
    Sample(
        "German customer, German greeting",
        mail(
            "Hallo Herr Müller,",
            "der Fehler 0x80070005 auf Knoten IR-NODE-02 (Version 5.44.8984.1) kommt von fehlenden Rechten.",
            "Ich melde mich bis morgen 10:00 MEZ mit den genauen Schritten.",
        ),
        customer="Jürgen Müller",
    ),
    Sample(
        "French customer",
        mail(
            "Bonjour Amélie,",
            "The trace 20261202_113005_IR-NODE-02.etl shows TLS 1.0 on the proxy 10.0.0.4:8080.",
            "I will send you the registry change for TLS 1.2 by Wednesday 14:00 CET.",
        ),
        customer="Amélie Laurent",
    ),
    Sample(
        "Spanish customer with a title",
        mail(
            "Estimada Sra. García,",
            "The Cosmos DB account returned 16500 RU/s with status 429 between 11:30 and 11:47 UTC.",
            "I will share the partition key analysis by Monday 10:00 CET.",
        ),
        customer="María García",
    ),
    Sample(
        "password change request without the password",
        mail(
            "Hello Grace,",
            "For your security: a password was shared with us in this case. Please change it as soon as possible; "
            "we never need your passwords to help you.",
            "The linked service ls_sql_prod can then use the new secret from Key Vault kv-contoso-prod (secret "
            "version 9b1deb4d3b7d4bad9bdd2b0d7b3dcb6d).",
        ),
        template="password_change",
        customer="Grace Hopper",
        ball="theirs",
    ),
    Sample(
        "KQL and timestamps",
        mail(
            "Hi Tom,",
            "Please run this query in workspace 6b6e5c1a-2f3d-4a8b-9c0d-1e2f3a4b5c6d and send me the result:",
            "AzureDiagnostics | where TimeGenerated between (datetime(2026-12-02 11:00) .. datetime(2026-12-02 "
            "12:00)) | where Category == 'PipelineRuns' | summarize count() by status_s",
        ),
        customer="Tom Baker",
        ball="theirs",
    ),
    Sample(
        "research update with ETA in business days",
        mail(
            "Hello Kenji,",
            "Our product team is reviewing the quota error of job 987654321 on cluster 1202-113045-abcd123 "
            "(runtime 13.3 LTS, Spark 3.4.1).",
            "I will update you within one business day, with or without their answer.",
        ),
        template="research_update",
        customer="Kenji Sato",
    ),
    Sample(
        "meeting invitation",
        mail(
            "Hello Sofia,",
            "To look at the throttling together, would Thursday 3 December at 10:00 EST suit you for a 30-minute "
            "screen share? We would go through the metrics of namespace eh-contoso-prod (partition 7).",
        ),
        template="meeting_invitation",
        customer="Sofia Alvarez",
        ball="theirs",
    ),
    Sample(
        "unresponsive first follow-up",
        mail(
            "Hello Priya,",
            "This is a follow-up to my email of 25 November about the Spark pool sparkpool01 (case 2611020010004712).",
            "Could you let me know whether the subnet change to 10.1.8.0/26 solved the start failure?",
        ),
        template="unresponsive_1",
        customer="Priya Natarajan",
        ball="theirs",
    ),
    Sample(
        "post-solution check-in",
        mail(
            "Hi Marcus,",
            "Yesterday you applied the index on [dbo].[Sales] (42 partitions). Did the deadlocks stop after "
            "01:00 UTC? The error 1205 count in the last 24 hours would tell us.",
        ),
        template="post_solution_checkin",
        customer="Marcus Reed",
        ball="theirs",
    ),
    Sample(
        "docker and commit ids",
        mail(
            "Hello Alex,",
            "The image contoso/etl:1.8.3-alpine3.19 (digest sha256:2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f"
            "98a5e886266e7ae) still ships azure-storage-blob 12.14.0; commit 9fceb02d0ae598e95dc970b74767f19372d61af8 "
            "upgrades it to 12.19.0.",
            "I will confirm the fix in our test pipeline by Tuesday 16:00 EST.",
        ),
    ),
    Sample(
        "numbers that look like cards but are ids",
        mail(
            "Hello Lena,",
            "Case 2611030010004713 is linked to incident 412345678 and to case 2611230010004412. The sequence number "
            "9876543210 and the offset 1099511627776 match the checkpoint.",
            "I will send the replay steps by Wednesday 10:00 CET.",
        ),
        customer="Lena Vogel",
    ),
    Sample(
        "storage SDK and SAS without the signature",
        mail(
            "Hello Grace,",
            "Generate a new SAS with sp=rl and se=2026-12-31, and share only the URL without its sig= part if you "
            "need me to check the permissions; the storage SDK 12.19.0 logs the request id "
            "0d9a5e2c-3f1b-4a7d-8c6e-1b2a3c4d5e6f.",
            "Could you then run the copy again and tell me the new run id?",
        ),
        customer="Grace Hopper",
        ball="theirs",
    ),
    Sample(
        "RCA with facts and actions",
        mail(
            "Hello Tom,",
            "Root cause: a configuration file on IR-NODE-02 was replaced during the update to 5.44.8984.1, and "
            "the node lost its proxy setting at 02:03 UTC.",
            "Actions taken: we restored the proxy setting, added a check to the update script, and enabled the "
            "offline alert. I will confirm the next nightly run to you tomorrow by 09:00 GMT.",
        ),
        customer="Tom Baker",
    ),
    Sample(
        "Dutch customer",
        mail(
            "Beste Daan,",
            "The pipeline run 20261203-0001 finished in 1523 ms; the 1000 runs after the fix had 0 failures.",
            "I will send the summary tomorrow before 12:00 CET.",
        ),
        customer="Daan de Vries",
    ),
    Sample(
        "Portuguese customer with a question",
        mail(
            "Olá João,",
            "The Function app func-ingest-01 scaled to 12 instances on plan EP2 at 11:32 UTC.",
            "Could you tell me whether the backlog of 125000 messages is expected at that hour?",
        ),
        customer="João Silva",
        ball="theirs",
    ),
    Sample(
        "Italian customer",
        mail(
            "Buongiorno Giulia,",
            "The Synapse pool DW1000c ran 128 concurrent queries at 11:30; MAXDOP 8 and cost threshold 50 are set.",
            "I will send the workload group proposal by Friday 12:00 CET.",
        ),
        customer="Giulia Rossi",
    ),
    Sample(
        "certificate thumbprints and hashes",
        mail(
            "Hello Alex,",
            "The certificate with thumbprint 3A4B5C6D7E8F90A1B2C3D4E5F60718293A4B5C6D expires on 2027-06-30; the "
            "checksum of the package is MD5 9e107d9d372bb6826bd81d3542a419d6.",
            "I will check the renewal with you on Monday at 10:00 EST.",
        ),
    ),
    Sample(
        "eta in relative words",
        mail(
            "Hi Priya,",
            "Thanks for the HAR file. The portal call to management.azure.com returned HTTP 503 with activity id "
            "00000000-0000-0000-0000-000000000000.",
            "I will come back to you later today with what the service team sees.",
        ),
        customer="Priya Natarajan",
    ),
    Sample(
        "closure unresolved",
        mail(
            "Hello Sofia,",
            "Thank you for contacting Contoso Support. As we have not heard from you since 16 November, case "
            "2611050010004715 is now closed.",
            "If you need to continue, reply to this email or reopen the case within 90 days.",
            "Thank you for choosing Contoso products.",
        ),
        template="closure_unresolved",
        customer="Sofia Alvarez",
        ball="none",
    ),
    Sample(
        "no case: plain technical note",
        mail(
            "Hello,",
            "Build 10.0.22631.2861 with KB5033375 fixes error 0x80070005 on IR 5.44.8984.1 (run 20261202-1130).",
        ),
        has_case=False,
        customer="",
    ),
]


# ----- drafts with one planted problem each -----------------------------------------------------------------

CUSTOMER_QUESTION = (
    "Hi Jane,\n\nThanks for the update. Will the fix also be deployed to the North Europe region? And do we "
    "need to restart the integration runtime after the upgrade?\n\nBest regards,\nAlex\n"
)
QUESTION_2 = (
    "Hello Jane,\n\nWhich version of the ODBC driver should we install on the gateway servers?\n\nThanks,\nPriya\n"
)

BAD: list[Sample] = [
    # unanswered_question
    Sample(
        "ignores both questions",
        mail(
            "Hello Alex,",
            "Thank you for the logs of run 20261202-1130. I am comparing them with our lab results.",
            "I will send you the analysis by Thursday 10:00 EST.",
        ),
        customer_email=CUSTOMER_QUESTION,
        planted="unanswered_question",
    ),
    Sample(
        "ignores the driver question",
        mail(
            "Hi Priya,",
            "The Spark pool sparkpool01 started at 09:14 IST after the subnet change.",
            "I will confirm the job results by tomorrow 11:00 IST.",
        ),
        customer="Priya Natarajan",
        customer_email=QUESTION_2,
        planted="unanswered_question",
    ),
    # negative_phrase
    Sample(
        "won't fix",
        mail(
            "Hello Marcus,",
            "The product team marked the deadlock behaviour on [dbo].[Sales] as won't fix.",
            "I will send you the index recommendation by Friday 15:00 PST.",
        ),
        customer="Marcus Reed",
        planted="negative_phrase",
    ),
    Sample(
        "as I already said",
        mail(
            "Hi Sofia,",
            "As I already said, the 429 errors come from the partition limit on eh-contoso-prod.",
            "I will send the partition key analysis by Monday 10:00 EST.",
        ),
        customer="Sofia Alvarez",
        planted="negative_phrase",
    ),
    Sample(
        "per my last email",
        mail(
            "Hello Kenji,",
            "Per my last email, the quota for Standard_DS3_v2 in Japan East is 100 vCPUs.",
            "I will confirm the increase with you by Wednesday 10:00 JST.",
        ),
        customer="Kenji Sato",
        planted="negative_phrase",
    ),
    Sample(
        "you should have",
        mail(
            "Hello Lena,",
            "You should have enabled high availability on IR-NODE-02 before the update to 5.44.8984.1.",
            "I will send the steps to add a second node by Thursday 12:00 CET.",
        ),
        customer="Lena Vogel",
        planted="negative_phrase",
    ),
    Sample(
        "nothing we can do",
        mail(
            "Hi Tom,",
            "There is nothing we can do about the HTTP 503 responses from the regional endpoint.",
            "I will send the retry policy settings by tomorrow 09:00 GMT.",
        ),
        customer="Tom Baker",
        planted="negative_phrase",
    ),
    # blame
    Sample(
        "one of our engineers caused",
        mail(
            "Hello Alex,",
            "We found that one of our engineers caused the outage on 2026-12-02 at 11:30 UTC when he changed the "
            "gateway configuration.",
            "I will send the full timeline by Thursday 10:00 EST.",
        ),
        planted="blame",
    ),
    Sample(
        "the developer deleted",
        mail(
            "Hello Priya,",
            "The developer mistakenly deleted a formula in the pipeline template, which caused the reboot loop.",
            "I will confirm the restored version 2026.12.02.3 by tomorrow 11:00 IST.",
        ),
        customer="Priya Natarajan",
        planted="blame",
    ),
    Sample(
        "your admin broke",
        mail(
            "Hi Marcus,",
            "Your admin broke the firewall rule for 52.174.12.201 on port 1433 yesterday.",
            "I will send the corrected rule by Friday 15:00 PST.",
        ),
        customer="Marcus Reed",
        planted="blame",
    ),
    # broken_record
    Sample(
        "repeats the earlier update",
        mail(
            "Hello Alex,",
            "The copy activity 4f6b2a1e-9c3d-4e8f-a2b1-7d6c5e4f3a2b failed with ErrorCode=2200 after 7201 seconds.",
            "I reproduced the timeout on integration runtime 5.44.8984.1 with your pipeline definition.",
            "The throughput drops from 45.6 MB/s to 0.2 MB/s when the sink reaches the DTU limit of the S3 tier.",
            "I will send you the analysis of the sink metrics by Friday 10:00 EST.",
        ),
        earlier=(UPDATE_EARLIER,),
        planted="broken_record",
    ),
    Sample(
        "repeats with tiny changes",
        mail(
            "Hello Alex,",
            "The copy activity 4f6b2a1e-9c3d-4e8f-a2b1-7d6c5e4f3a2b failed with ErrorCode=2200 after 7201 seconds.",
            "I have reproduced the timeout on integration runtime 5.44.8984.1 with your pipeline definition.",
            "The throughput drops from 45.6 MB/s to 0.2 MB/s when the sink reaches the DTU limit of the S3 tier.",
            "I will send you the analysis of the sink metrics by Thursday 10:00 EST.",
        ),
        earlier=(UPDATE_EARLIER,),
        planted="broken_record",
    ),
    # not_personalized
    Sample(
        "placeholder left",
        mail(
            "Hello <Customer>,",
            "The pipeline run 20261202-1130 finished after the driver update to 18.3.2.1.",
            "I will confirm the nightly run by tomorrow 09:00 EST.",
        ),
        planted="not_personalized",
    ),
    Sample(
        "bracket placeholder left",
        mail(
            "Hello Alex,",
            "This is a follow-up to the email sent on [MM/DD] about run 20261202-1130.",
            "Could you let me know whether the copy finished?",
        ),
        ball="theirs",
        planted="not_personalized",
    ),
    Sample(
        "greets someone else",
        mail(
            "Hello Priya,",
            "The copy activity on IR-NODE-02 finished in 1523 ms after the proxy change.",
            "I will confirm the nightly run by tomorrow 09:00 EST.",
        ),
        customer="Alex Doe",
        planted="not_personalized",
    ),
    Sample(
        "no name in the greeting",
        mail(
            "Hello,",
            "The Spark pool sparkpool01 started at 09:14 IST after the subnet change to 10.1.8.0/26.",
            "I will confirm the job results by tomorrow 11:00 IST.",
        ),
        customer="Priya Natarajan",
        planted="not_personalized",
    ),
    Sample(
        "XX placeholder",
        mail(
            "Hello Lena,",
            "We will close this case on XX unless we hear from you about IR-NODE-02.",
            "Could you tell me whether the node stayed online last night?",
        ),
        customer="Lena Vogel",
        ball="theirs",
        planted="not_personalized",
    ),
    # no_choice
    Sample(
        "fix delayed, no options",
        mail(
            "Hello Kenji,",
            "The fix for the quota error in job 987654321 has been delayed to the next release.",
            "I will keep monitoring and update you by Friday 10:00 JST.",
        ),
        customer="Kenji Sato",
        planted="no_choice",
    ),
    Sample(
        "limitation announced, no options",
        mail(
            "Hi Sofia,",
            "The 1 MB/s per partition on eh-contoso-prod is a known limitation of the Standard tier.",
            "I will send you the documentation link by Monday 10:00 EST.",
        ),
        customer="Sofia Alvarez",
        planted="no_choice",
    ),
    Sample(
        "later release only",
        mail(
            "Hello Marcus,",
            "Support for READ_COMMITTED_SNAPSHOT on the replica will only be available in a later release.",
            "I will confirm the release date by Friday 15:00 PST.",
        ),
        customer="Marcus Reed",
        planted="no_choice",
    ),
    # lqr_outline
    Sample(
        "LQR without advice or survey",
        mail(
            "Hello Lena,",
            "Thank you for confirming that case 2611030010004713 can be closed. Here is a short summary for your "
            "records.",
            "What you asked us: the self-hosted integration runtime went offline every night at 02:00 CET.",
            "What we did: we moved the maintenance window of IR-NODE-02 to Sunday 04:00.",
            "Thank you for choosing Contoso products.",
        ),
        template="lqr_resolved",
        customer="Lena Vogel",
        ball="none",
        planted="lqr_outline",
    ),
    Sample(
        "LQR that only says closed",
        mail(
            "Hello Marcus,",
            "Case 2611040010004714 is now closed.",
            "Thank you for choosing Contoso products.",
        ),
        template="lqr_resolved",
        customer="Marcus Reed",
        ball="none",
        planted="lqr_outline",
    ),
    Sample(
        "LQR without what was asked",
        mail(
            "Hello Sofia,",
            "Thank you for confirming that the case can be closed; here is a summary for your records.",
            "What we did: we moved the namespace eh-contoso-prod to the Premium tier with 4 processing units.",
            "For the future: monitor the ThrottledRequests metric and set up an alert at 80%.",
            "You may receive a short survey about your support experience; your feedback helps us improve.",
            "Thank you for choosing Contoso products.",
        ),
        template="lqr_resolved",
        customer="Sofia Alvarez",
        ball="none",
        planted="lqr_outline",
    ),
    # fqr_progress
    Sample(
        "handshake only",
        mail(
            "Hello Alex,",
            "Thank you for reaching out to Contoso Support. I am Jane Smith, and I will be working with you on case "
            "2611010010004711.",
            "As I understand it, the copy activity times out after 2 hours. If I have missed something, or if "
            "anything has changed, please tell me. Is that right?",
            "I am looking into it and will reach out with next steps by Thursday 09:00 CST.",
        ),
        template="initial_response",
        planted="fqr_progress",
    ),
    Sample(
        "handshake with a repeat of the problem",
        mail(
            "Hello Priya,",
            "Thank you for contacting us. I will be working with you on case 2611020010004712.",
            "You reported that the Spark pool sparkpool01 does not start since 2026-12-01.",
            "I will get back to you with next steps by tomorrow 11:00 IST.",
        ),
        template="initial_response",
        customer="Priya Natarajan",
        planted="fqr_progress",
    ),
    # eta_missing
    Sample(
        "ball ours, no ETA",
        mail(
            "Hello Alex,",
            "Thank you for the logs of run 20261202-1130. I am comparing them with our lab results on IR 5.44.8984.1.",
            "I will update you as soon as I know more.",
        ),
        planted="eta_missing",
    ),
    Sample(
        "research with no ETA",
        mail(
            "Hello Kenji,",
            "Our product team is reviewing the quota error of job 987654321 on cluster 1202-113045-abcd123.",
            "I will share their findings once they have them.",
        ),
        template="research_update",
        customer="Kenji Sato",
        planted="eta_missing",
    ),
    # internal_text
    Sample(
        "IcM and PG",
        mail(
            "Hello Marcus,",
            "I opened an IcM with the PG for the deadlocks on sql-contoso-01.",
            "I will update you by Friday 15:00 PST.",
        ),
        customer="Marcus Reed",
        planted="internal_text",
    ),
    Sample(
        "internal link",
        mail(
            "Hi Sofia,",
            "The details are in https://contoso.sharepoint.com/teams/eventhubs-escalations/Shared%20Documents/rca.docx "
            "for namespace eh-contoso-prod.",
            "I will send a summary by Monday 10:00 EST.",
        ),
        customer="Sofia Alvarez",
        planted="internal_text",
    ),
    Sample(
        "repro'd and swarming",
        mail(
            "Hello Lena,",
            "We repro'd the offline node in our lab with IR 5.44.8984.1.",
            "I will send the workaround by Thursday 12:00 CET.",
        ),
        customer="Lena Vogel",
        planted="internal_text",
    ),
    Sample(
        "swarming",
        mail(
            "Hello Tom,",
            "The case went to swarming this morning for the HTTP 503 errors.",
            "I will send you the outcome by tomorrow 09:00 GMT.",
        ),
        customer="Tom Baker",
        planted="internal_text",
    ),
    # personal_data, every form
    Sample(
        "password in the text",
        mail(
            "Hello Alex,",
            "I tested the linked service with the account etl_svc, password: Winter2026!, and it connects.",
            "I will confirm the nightly run by tomorrow 09:00 EST.",
        ),
        planted="personal_data",
    ),
    Sample(
        "connection string with a password",
        mail(
            "Hello Marcus,",
            "Use Server=tcp:sql-contoso-01.database.windows.net,1433;Database=sales;User ID=etl_svc;"
            "Password=Sup3r$ecret!;Encrypt=True; in the linked service.",
            "I will check the run with you by Friday 15:00 PST.",
        ),
        customer="Marcus Reed",
        planted="personal_data",
    ),
    Sample(
        "storage account key",
        mail(
            "Hello Lena,",
            "The linked service uses DefaultEndpointsProtocol=https;AccountName=contosodatalake01;AccountKey=Eby8vdM0"
            "2xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;EndpointSuffix=core."
            "windows.net at the moment.",
            "I will send the Key Vault steps by Thursday 12:00 CET.",
        ),
        customer="Lena Vogel",
        planted="personal_data",
    ),
    Sample(
        "SAS URL with its signature",
        mail(
            "Hi Priya,",
            "The file is at https://contosodatalake01.blob.core.windows.net/raw/file.csv?sv=2022-11-02&ss=b&srt=co"
            "&sp=rl&se=2026-12-31T00:00:00Z&spr=https&sig=k2%2FyJ8n3Xq1Wz9vR4tL7mP0sF6hD5cB2aE8uI3oY1gU%3D",
            "I will check it with you by tomorrow 11:00 IST.",
        ),
        customer="Priya Natarajan",
        planted="personal_data",
    ),
    Sample(
        "bearer token",
        mail(
            "Hello Tom,",
            "The request sent Authorization: Bearer ya29.a0AfH6SMBx3Q8n2kLpR7vT1wZ9yU4iO6eA5sD3fG8hJ2kL and got "
            "HTTP 401.",
            "I will send the right scope by tomorrow 09:00 GMT.",
        ),
        customer="Tom Baker",
        planted="personal_data",
    ),
    Sample(
        "JWT token",
        mail(
            "Hello Kenji,",
            "The token eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ."
            "dQw4w9WgXcQsignaturepart123 has the audience of the old app.",
            "I will send the new app registration steps by Wednesday 10:00 JST.",
        ),
        customer="Kenji Sato",
        planted="personal_data",
    ),
    Sample(
        "private key block",
        mail(
            "Hello Sofia,",
            "The key we used:\n-----BEGIN RSA PRIVATE KEY-----\n"
            "MIIEowIBAAKCAQEA7x9z3Q8n2kLpR7vT1wZ9yU4iO6eA5sD3fG8hJ2kLmN0pQ1rS\n"
            "-----END RSA PRIVATE KEY-----",
            "I will send the certificate steps by Monday 10:00 EST.",
        ),
        customer="Sofia Alvarez",
        planted="personal_data",
    ),
    Sample(
        "cloud access key",
        mail(
            "Hi Grace,",
            "The S3 source uses access key AKIAIOSFODNN7EXAMPLE in the linked service ls_s3_raw.",
            "I will send the Key Vault reference steps by Tuesday 10:00 EST.",
        ),
        customer="Grace Hopper",
        planted="personal_data",
    ),
    Sample(
        "card number",
        mail(
            "Hello Alex,",
            "The billing team will refund the card 4111 1111 1111 1111 for the duplicate charge on 2026-12-02.",
            "I will confirm the refund by Thursday 10:00 EST.",
        ),
        planted="personal_data",
    ),
    Sample(
        "IBAN",
        mail(
            "Hallo Herr Müller,",
            "The refund goes to DE89 3704 0044 0532 0130 00 as you asked.",
            "I will confirm the transfer by Wednesday 10:00 CET.",
        ),
        customer="Jürgen Müller",
        planted="personal_data",
    ),
]
