<#-- x101 value report (SPEC F3): every value of the period in one file, one row per value, meter by meter
     then by time. Fields are separated by the configured field separator (sep), values use the decimal
     separator (v.value); free texts pass through csv() so a separator inside a name cannot shift columns. -->
Meter ID${sep}Manufacturer${sep}Medium${sep}MOID${sep}Timestamp${sep}Quantity${sep}Unit${sep}Storage${sep}Tariff${sep}Value
<#list values as v>
${v.secondary}${sep}${v.manufacturer}${sep}${v.medium}${sep}${csv(v.moid)}${sep}${v.timestamp}${sep}${v.description}${sep}${v.unit}${sep}${v.storage}${sep}${v.tariff}${sep}${csv(v.value)}
</#list>
