// The scaffold's data file: the customers the example pipeline loads.

export const customersData = (): string => `customer_id,name,email,country,signed_up_on
1,Ada Lovelace,ada@example.com,GB,2026-01-12
2,Grace Hopper,grace@example.com,US,2026-02-03
3,Alan Turing,alan@example.com,GB,2026-02-21
4,Katherine Johnson,katherine@example.com,US,2026-03-08
5,Edsger Dijkstra,edsger@example.com,NL,2026-03-30
`;
