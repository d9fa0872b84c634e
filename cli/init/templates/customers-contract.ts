// The scaffold's data contract: the columns the example's CSV promises, and their rules.

export const customersContract =
  (): string => String.raw`# The data contract of data/customers.csv: one row per customer.
dataset: stg_customers
description: The shop's customers, one row per customer.
owner: data-team
columns:
  - name: customer_id
    type: integer
    required: true
    unique: true
    min: 1
  - name: name
    type: string
    required: true
  - name: email
    type: email
    required: true
  - name: country
    type: string
    description: ISO 3166 alpha-2 code.
    required: true
    pattern: '^[A-Z]{2}$'
  - name: signed_up_on
    type: date
    required: true
`;
