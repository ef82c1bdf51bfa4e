-- Everyone earning the 2nd-highest distinct salary of their department (N = 2).
WITH ranked AS (
  SELECT e.*,
         DENSE_RANK() OVER (PARTITION BY dept_id ORDER BY salary DESC) AS drk
  FROM employees e
  WHERE salary IS NOT NULL
)
SELECT d.name AS department, r.name, r.salary
FROM ranked r
JOIN departments d USING (dept_id)
WHERE r.drk = 2
ORDER BY d.dept_id, r.name;
