"""The case view: the customer, the next action, the lifecycle timeline, the playbook map and call prep."""
